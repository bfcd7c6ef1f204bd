import { closeSync, openSync, readdirSync } from 'node:fs';
import { createMetricsRegistry } from './registry';
import { openFileDescriptors } from './open-file-descriptors';

describe('process_open_fds', () => {
  it('counts the descriptors the process has open, as a listing of /proc/self/fd does', () => {
    const opened = Array.from({ length: 50 }, () => openSync('/dev/null', 'r'));
    try {
      const before = openFileDescriptors();
      expect(before).toBe(readdirSync('/proc/self/fd').length - 1);
      closeSync(opened.pop()!);
      expect(openFileDescriptors()).toBe(before - 1);
    } finally {
      opened.forEach((fd) => closeSync(fd));
    }
  });

  it('is served once, on the service registry, with the service label', async () => {
    const registry = createMetricsRegistry('probe');
    const text = await registry.metrics();
    const samples = text.split('\n').filter((line) => line.startsWith('process_open_fds'));
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatch(/^process_open_fds\{service="probe"\} [1-9]\d*$/);
  });
});
