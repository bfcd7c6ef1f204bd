// Plain server processes the bench starts itself (the Socket.IO baseline, the bare reference):
// one per port, each announcing itself over IPC once it listens.
import { spawn } from 'node:child_process';

/** SIGTERM, then SIGKILL: a server still writing gigabytes of backlog to its sockets may never finish closing them. */
function stopProcess(child) {
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => resolve(clearTimeout(kill)));
    child.kill('SIGTERM');
  });
}

export async function startServerProcesses(script, ports) {
  const children = ports.map((port) => spawn(process.execPath, [script], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  await Promise.all(children.map((child) => new Promise((resolve, reject) => child.once('message', resolve).once('exit', (code) => reject(new Error(`${script} exited ${code}`))))));
  // Neither server bounds a slow client's buffer: under a heavy fan-out one can run out of
  // memory. The run then goes on (its clients count what never arrived) and the report says so.
  const crashes = [];
  let stopping = false;
  for (const child of children) {
    child.once('exit', (code, signal) => {
      if (!stopping) crashes.push(`pid ${child.pid} exited (${signal ?? `code ${code}`})`);
    });
  }
  const exited = (child) => child.exitCode !== null || child.signalCode !== null;
  return {
    children,
    pids: children.map((c) => c.pid),
    crashes: () => [...crashes],
    stop: () => {
      stopping = true;
      return Promise.all(children.map((child) => (exited(child) ? undefined : stopProcess(child))));
    },
  };
}
