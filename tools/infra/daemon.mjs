// Services the project starts run as detached children that outlive the script which started
// them (so `up` can exit and leave them running); a pid file is the only handle kept on them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import probes from './probes.cjs';

const { isAlive } = probes;

/**
 * Starts `command args` detached, stdout+stderr appended to logFile, and records its pid.
 * Returns { pid, exited() } where exited() is null while it runs, else a description of its exit.
 */
export function startDaemon(command, args, { logFile, pidFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let exit = null;
  let spawnError = null;
  child.once('error', (error) => (spawnError = error));
  child.once('exit', (code, signal) => (exit = signal ? `killed by ${signal}` : `exited with code ${code}`));
  child.unref();
  if (child.pid) fs.writeFileSync(pidFile, `${child.pid}\n`);
  return {
    pid: child.pid,
    exited: () => (spawnError ? `could not start ${command}: ${spawnError.message}` : exit),
  };
}


/** The pid recorded in pidFile when that process still runs and its command line contains `marker`. */
export function runningPid(pidFile, marker) {
  let pid;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8'), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  // A pid file can outlive its process and the pid be reused: only claim a process that is ours.
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes(marker) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Stops the process recorded in pidFile (if it runs and is ours): `signal` (SIGTERM), wait for it
 * to exit, SIGKILL after graceMs. Returns true when it stopped a process.
 */
export async function stopDaemon(pidFile, marker, { graceMs = 30_000, signal = 'SIGTERM' } = {}) {
  const pid = runningPid(pidFile, marker);
  if (!pid) {
    fs.rmSync(pidFile, { force: true });
    return false;
  }
  if (!(await signalAndWait(pid, signal, graceMs)) && !(await signalAndWait(pid, 'SIGKILL', 5_000))) {
    throw new Error(`process ${pid} (${pidFile}) survived SIGKILL`);
  }
  fs.rmSync(pidFile, { force: true });
  return true;
}

async function signalAndWait(pid, signal, timeoutMs) {
  const gone = () => !isAlive(pid) || isZombie(pid);
  try {
    process.kill(pid, signal);
  } catch (error) {
    if (error.code === 'ESRCH') return true; // exited on its own meanwhile
    throw error;
  }
  const deadline = Date.now() + timeoutMs;
  while (!gone() && Date.now() < deadline) await delay(100);
  return gone();
}

// A child of this very process that exited stays a zombie until Node reaps it; it is gone all the same.
function isZombie(pid) {
  try {
    return /\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** The last lines of a log file, to put the cause of a failed start into the error message. */
export function tailOf(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
