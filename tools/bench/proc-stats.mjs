// Memory and CPU of processes, from /proc (Linux).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** Resident set size in bytes. */
export function rssBytes(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** CPU seconds (user + system) used so far. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export const sum = (pids, measure) => pids.reduce((total, pid) => total + measure(pid), 0);

/** Pins every thread of a running process to the CPU list (e.g. "0" or "0-1"). */
export function pin(pid, cpus) {
  execFileSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' });
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Pids of running processes whose command line matches the pattern (`pgrep -f`). */
export function pidsMatching(pattern) {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number).filter((pid) => pid !== process.pid);
  } catch {
    return [];
  }
}

/**
 * CPU used by named groups of processes between `start()` and `stop()`, in % of one core.
 * groups: { name: [pid, …] }; a process that exits in between counts as zero.
 */
export function cpuMeter(groups) {
  const safe = (pid) => {
    try {
      return cpuSeconds(pid);
    } catch {
      return 0;
    }
  };
  let before;
  let startedAt;
  return {
    start() {
      startedAt = performance.now();
      before = Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, sum(pids, safe)]));
    },
    stop() {
      const seconds = (performance.now() - startedAt) / 1000;
      return Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, Math.round(((sum(pids, safe) - before[name]) / seconds) * 100)]));
    },
  };
}
