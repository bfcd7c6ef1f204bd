// The baseline: plain Socket.IO servers, as many processes as Ovation runs push nodes.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** SIGTERM, then SIGKILL: a server still writing gigabytes of backlog to its sockets may never finish closing them. */
function stopProcess(child) {
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => resolve(clearTimeout(kill)));
    child.kill('SIGTERM');
  });
}

export async function startSocketIo(options, processes) {
  const ports = Array.from({ length: processes }, (_, i) => 8190 + options.portOffset + i);
  const children = ports.map((port) =>
    spawn(process.execPath, [join(import.meta.dirname, '../socketio-server.cjs')], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  await Promise.all(children.map((child) => new Promise((resolve, reject) => child.once('message', resolve).once('exit', (code) => reject(new Error(`socket.io server exited ${code}`))))));
  // Socket.IO has no bound on a slow client's buffer: under a heavy fan-out a server can run out
  // of memory. The run then goes on (its clients count what never arrived) and the report says so.
  const crashes = [];
  for (const child of children) {
    child.once('exit', (code, signal) => {
      if (!stopping) crashes.push(`pid ${child.pid} exited (${signal ?? `code ${code}`})`);
    });
  }
  let stopping = false;
  const exited = (child) => child.exitCode !== null || child.signalCode !== null;
  return {
    name: 'socket.io',
    kind: 'socketio',
    pids: children.map((c) => c.pid),
    ports,
    addressBlock: '127.0.2',
    rooms: { hot: 'hot', small: (i) => `small-${i}` },
    crashes: () => [...crashes],
    stop: () => {
      stopping = true;
      return Promise.all(children.map((child) => (exited(child) ? undefined : stopProcess(child))));
    },
  };
}
