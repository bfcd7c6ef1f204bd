import { readdirSync, statSync } from 'node:fs';
import { Gauge, Registry } from 'prom-client';

const FD_DIRECTORY = '/proc/self/fd';
const OPEN_FDS = 'process_open_fds';

/**
 * Open file descriptors as Linux counts them: since 6.2 a stat of /proc/self/fd gives the number
 * as its size, in constant time. prom-client lists the directory on every scrape instead, which
 * on a push node with 10,000 sockets stalls the event loop (13 ms at 9,000 descriptors, and
 * growing with them). Older kernels report size 0 and are listed as before.
 */
export function openFileDescriptors(): number {
  const { size } = statSync(FD_DIRECTORY);
  // The listing holds the descriptor it is read through.
  return size > 0 ? size : readdirSync(FD_DIRECTORY).length - 1;
}

/** Puts the constant-time `process_open_fds` in place of prom-client's default one (Linux only, like the default). */
export function registerOpenFileDescriptors(registry: Registry): void {
  if (process.platform !== 'linux') return;
  registry.removeSingleMetric(OPEN_FDS);
  new Gauge({
    name: OPEN_FDS,
    help: 'Number of open file descriptors.',
    registers: [registry],
    collect() {
      this.set(openFileDescriptors());
    },
  });
}
