export interface CpuClock {
  /** CPU time the process used so far, in microseconds (user + system). */
  cpuMicros(): number;
  /** Monotonic wall time in microseconds. */
  wallMicros(): number;
}

const processClock: CpuClock = {
  cpuMicros: () => {
    const usage = process.cpuUsage();
    return usage.user + usage.system;
  },
  wallMicros: () => Number(process.hrtime.bigint() / 1_000n),
};

/**
 * Returns a function that measures the share of one core this process used since its previous
 * call (the first call: since creation), 0..1. One core, because a Node.js process does its work
 * on one event loop: at 1.0 it is saturated however many cores the machine has (GC and worker
 * threads can push the raw ratio above 1; it is capped).
 */
export function cpuShareMeter(clock: CpuClock = processClock): () => number {
  let lastCpu = clock.cpuMicros();
  let lastWall = clock.wallMicros();
  return () => {
    const cpu = clock.cpuMicros();
    const wall = clock.wallMicros();
    const share = wall > lastWall ? (cpu - lastCpu) / (wall - lastWall) : 0;
    lastCpu = cpu;
    lastWall = wall;
    return Math.min(1, Math.max(0, share));
  };
}
