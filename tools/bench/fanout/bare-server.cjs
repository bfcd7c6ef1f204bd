// The bare encode-once reference: the physical limit of Node fanning out on this machine. One
// plain `ws` server per core holds its share of the viewers (room named in the upgrade URL),
// generates the chat stream in-process when the bench says so (no Kafka, Redis or auth), batches
// each room's chat in the window Ovation's room pace gives a room of that size, serializes each
// batch once and writes the same bytes to every socket of the room. Frames have Ovation's shape
// (`welcome`, then `events` frames), so the bench's viewers read both alike.
// CommonJS, like the services: the bench's garbage collection closes the inspector through process.mainModule.
'use strict';

const { join } = require('node:path');
const { WebSocketServer } = require('ws');
const { roomPace } = require(join(__dirname, '../../../dist/libs/danmaku/domain/src/index.js'));
// The push node's defaults (apps/danmaku-push/src/danmaku-config.ts): BATCH_WINDOW_MS, BATCH_WINDOW_MAX_MS, FANOUT_ROOM_*.
const PACE = { windowMs: 50, maxWindowMs: 250, framesPerSecond: 20_000, chatPerSecond: 1_000_000, deliveriesPerSecond: 1_000_000_000 };
const WELCOME = JSON.stringify({ type: 'welcome', heartbeatIntervalMs: 30_000 });

const port = Number(process.env.PORT);
/** room → { sockets, pending chat, flush timer } */
const rooms = new Map();
const server = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false, maxPayload: 16 * 1024, clientTracking: false });

function flush(room) {
  room.timer = undefined;
  if (room.pending.length === 0) return;
  const frame = Buffer.from(`{"type":"events","events":[${room.pending.join(',')}]}`);
  room.pending = [];
  for (const socket of room.sockets) socket.send(frame);
}

function publish(roomName, text) {
  const room = rooms.get(roomName);
  if (!room) return;
  room.pending.push(JSON.stringify({ type: 'chat', payload: { text } }));
  room.timer ??= setTimeout(() => flush(room), roomPace(room.sockets.size, PACE).windowMs);
}

server.on('connection', (socket, request) => {
  const name = new URL(request.url, 'http://x').searchParams.get('room') ?? 'lobby';
  let room = rooms.get(name);
  if (!room) rooms.set(name, (room = { sockets: new Set(), pending: [], timer: undefined }));
  room.sockets.add(socket);
  socket.on('error', () => undefined);
  socket.on('close', () => room.sockets.delete(socket));
  socket.send(WELCOME);
});

/** `rate` chat/s into `room` for `durationMs`, timed like the load client's senders (`bench|<sent ms>|<phase><seq>`). */
function generate({ room, rate, durationMs, phaseName }) {
  const started = Date.now();
  let sent = 0;
  const timer = setInterval(() => {
    const elapsed = Date.now() - started;
    const due = Math.min(Math.floor((rate * elapsed) / 1000), Math.floor((rate * durationMs) / 1000));
    while (sent < due) publish(room, `bench|${Date.now()}|${phaseName}${sent++}`);
    if (elapsed >= durationMs) {
      clearInterval(timer);
      process.send({ type: 'generated', sent, elapsedMs: Date.now() - started });
    }
  }, 5);
}

process.on('message', (message) => message.type === 'generate' && generate(message));
process.on('SIGTERM', () => process.exit(0));
server.on('listening', () => process.send({ type: 'ready', port }));
