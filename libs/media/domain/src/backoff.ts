/**
 * How long to wait before restart number `attempt` (1-based) of a crashed process: doubling from
 * `baseMs`, capped at `maxMs`, so a process that cannot run does not spin the CPU.
 */
export function restartDelayMs(attempt: number, baseMs = 500, maxMs = 10_000): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
