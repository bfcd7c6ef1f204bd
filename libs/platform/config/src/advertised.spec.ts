import { z } from 'zod';
import { field } from './fields';
import { hostOf, isLoopbackHost, podFields, refuseLoopbackInPod } from './advertised';
import { loadConfig } from './load-config';

describe('hostOf / isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.0.0.1:50054', '127.0.0.1'],
    ['ws://127.0.0.1:8090/ws', '127.0.0.1'],
    ['redis://:secret@localhost:6379', 'localhost'],
    ['[::1]:50054', '::1'],
    ['ws://[::1]:8090/ws', '::1'],
    ['::1', '::1'],
    ['10.0.0.7:50054', '10.0.0.7'],
    ['wss://push-0.push.example.com/ws', 'push-0.push.example.com'],
  ])('%s → %s', (address, host) => expect(hostOf(address)).toBe(host));

  it('knows loopback from other hosts', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'api.localhost', '::1', '0:0:0:0:0:0:0:1']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['10.0.0.7', '0.0.0.0', 'localhost.example.com', 'mylocalhost', '::', 'fd00::1', '']) expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('refuseLoopbackInPod', () => {
  const schema = z
    .object({ ...podFields(), PORT: field.port(8090), ADVERTISED_HOST: field.string('127.0.0.1'), PUBLIC_URL: field.string('') })
    .superRefine(refuseLoopbackInPod((c) => ({ ADVERTISED_HOST: c.ADVERTISED_HOST, PUBLIC_URL: c.PUBLIC_URL || `ws://127.0.0.1:${c.PORT}/ws` })));

  it('accepts loopback outside a pod (no POD_IP): one host, local development', () => {
    expect(loadConfig('push', schema, {})).toMatchObject({ ADVERTISED_HOST: '127.0.0.1', POD_IP: '' });
  });

  it('refuses a loopback address in a pod, set or derived, naming each variable', () => {
    expect(() => loadConfig('push', schema, { POD_IP: '10.0.0.7', ADVERTISED_HOST: 'localhost' })).toThrow(
      /ADVERTISED_HOST: advertises localhost, a loopback address other pods cannot reach \(this runs in a pod: POD_IP is 10\.0\.0\.7\).*\(got "localhost"\)\n.*PUBLIC_URL: advertises ws:\/\/127\.0\.0\.1:8090\/ws/,
    );
  });

  it('accepts the pod address in a pod', () => {
    const config = loadConfig('push', schema, { POD_IP: '10.0.0.7', ADVERTISED_HOST: '10.0.0.7', PUBLIC_URL: 'wss://push-0.example.com/ws' });
    expect(config.ADVERTISED_HOST).toBe('10.0.0.7');
  });
});
