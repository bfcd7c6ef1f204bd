// The baseline: plain Socket.IO servers, as many processes as Ovation runs push nodes.
import { join } from 'node:path';
import { startServerProcesses } from './server-processes.mjs';

export async function startSocketIo(options, processes) {
  const ports = Array.from({ length: processes }, (_, i) => 8190 + options.portOffset + i);
  const servers = await startServerProcesses(join(import.meta.dirname, '../socketio-server.cjs'), ports);
  return { name: 'socket.io', kind: 'socketio', ports, addressBlock: '127.0.2', rooms: { hot: 'hot', small: (i) => `small-${i}` }, ...servers };
}
