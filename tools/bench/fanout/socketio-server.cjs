// The baseline: a plain Socket.IO room broadcast. Each viewer joins the room named in its
// handshake; every `chat` it receives is emitted to the room on this process (Socket.IO encodes
// a broadcast once and writes it to each socket). No adapter: the load generator sends each chat
// to every server process, which is all an adapter would add (minus its own cost).
'use strict';

const { Server } = require('socket.io');

const port = Number(process.env.PORT);
const io = new Server(port, { transports: ['websocket'], serveClient: false, perMessageDeflate: false, pingInterval: 25_000, pingTimeout: 20_000 });
io.on('connection', (socket) => {
  const room = String(socket.handshake.query.room ?? 'lobby');
  socket.join(room);
  socket.on('chat', (message) => io.to(room).emit('chat', message));
});
process.on('SIGTERM', () => io.close(() => process.exit(0)));
process.send?.({ ready: port });
