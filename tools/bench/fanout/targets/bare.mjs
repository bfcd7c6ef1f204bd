// The bare encode-once reference (bare-server.cjs), as many processes as Ovation runs push nodes.
// Each generates the hot room's chat stream itself, at the full rate, for its share of the room.
import { join } from 'node:path';
import { startServerProcesses } from './server-processes.mjs';

export async function startBare(options, processes) {
  const ports = Array.from({ length: processes }, (_, i) => 8290 + options.portOffset + i);
  const servers = await startServerProcesses(join(import.meta.dirname, '../bare-server.cjs'), ports);
  const generate = (child, message) =>
    new Promise((resolve) => {
      child.on('message', function done(reply) {
        if (reply.type !== 'generated') return;
        child.off('message', done);
        resolve(reply);
      });
      child.send({ type: 'generate', ...message });
    });
  return {
    name: 'bare reference',
    kind: 'bare',
    ports,
    addressBlock: '127.0.3',
    rooms: { hot: 'hot', small: (i) => `small-${i}` },
    /** The in-process chat of a phase: every server sends the full rate to its share of the hot room. */
    send: async ({ rate, durationMs, phaseName }) => {
      const replies = await Promise.all(servers.children.map((child) => generate(child, { room: 'hot', rate, durationMs, phaseName })));
      return { sent: replies[0].sent, elapsedMs: Math.max(...replies.map((r) => r.elapsedMs)) };
    },
    ...servers,
  };
}
