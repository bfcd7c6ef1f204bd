// Runs a command to its end without blocking the event loop: services are provisioned side by side,
// and a blocked loop would make the other services' readiness probes time out.
import { spawn, spawnSync } from 'node:child_process';

/** Resolves to { stdout, output } (output: stdout and stderr interleaved); rejects with `what`, its exit and its output when it fails. */
export function run(what, command, args, { env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', (error) => reject(new Error(`${what}: could not run ${command}: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve({ stdout, output });
      else reject(new Error(`${what}: ${command} ${signal ? `killed by ${signal}` : `exited with code ${code}`}:\n${lastLines(output)}`));
    });
  });
}

function lastLines(text, count = 20) {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/** True when `command` can be run (it is on PATH). */
export function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** `name` if it is on PATH, else its path in an sbin/bin folder a non-root PATH may lack, else null. */
export function findCommand(name) {
  if (onPath(name)) return name;
  return ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'].map((dir) => `${dir}/${name}`).find((file) => onPath(file)) ?? null;
}
