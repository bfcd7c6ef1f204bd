// One load-generator process (the parent forks several: 20000 open files each at most). It holds
// viewer sockets, counts what they receive, times bench messages on its sample sockets, and, when
// told, sends chat into the hot room at a fixed rate. Talks to the parent over IPC.
import { SignJWT } from 'jose';
import { createRequire } from 'node:module';
import WebSocket from 'ws';
import { OPEN, openViewerSocket } from './viewer-socket.mjs';

const require = createRequire(import.meta.url);

const WELCOME = Buffer.from('{"type":"welcome"');
const EVENTS = Buffer.from('{"type":"events"');
const REPLAY = Buffer.from('"replay":true');
const DROPPED = Buffer.from('"droppedChat":');
const SIO_CHAT = Buffer.from('42["chat"');
const BENCH_PREFIX = 'bench|';

const freshCounters = () => ({ frames: 0, bytes: 0, chats: 0, dropped: 0, errorFrames: 0, closed: {}, latencies: [], stampLatencies: [], afterStampLatencies: [] });
const counters = freshCounters();
let counting = false;
/** The phase whose bench messages are counted and timed (a bench text is `bench|<sent ms>|<phase><seq>`), and what marks them. */
let measuredPhase = 'm';
let measuredMark = Buffer.from('|m');
const viewers = [];
let key;

const openViewers = () => viewers.filter((socket) => socket.readyState === OPEN).length;

function resetCounters() {
  Object.assign(counters, freshCounters());
}

function countOccurrences(buffer, needle) {
  let count = 0;
  for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** Times a bench message; `stampedAt` (Ovation's atMs, stamped by the writer just before Kafka) splits the wait in two. */
function timeBenchText(text, now, stampedAt) {
  if (typeof text !== 'string' || !text.startsWith(BENCH_PREFIX)) return;
  const [, sentAtText, id] = text.split('|');
  if (!id.startsWith(measuredPhase)) return;
  const sentAt = Number(sentAtText);
  counters.latencies.push(now - sentAt);
  if (stampedAt === undefined) return;
  counters.stampLatencies.push(stampedAt - sentAt);
  counters.afterStampLatencies.push(now - stampedAt);
}

/** A join token as the gateway mints it (HS256, issuer ovation, audience ovation-push, claims sub/name/role/room). */
function joinToken(user, role, room, secret) {
  return new SignJWT({ name: user, role, room })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user)
    .setIssuer('ovation')
    .setAudience('ovation-push')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign((key ??= new TextEncoder().encode(secret)));
}

/** An Ovation viewer (or the bare reference's, which speaks the same frames): JSON frames; open once `welcome` arrived. */
async function openOvationViewer(spec, path, onFrame) {
  const socket = await openViewerSocket({ port: spec.port, path, localAddress: spec.localAddress });
  return new Promise((resolve, reject) => {
    socket.onClose = (code) => reject(new Error(`closed ${code} before welcome`));
    socket.onMessage = (data) => {
      if (data.compare(WELCOME, 0, WELCOME.length, 0, WELCOME.length) !== 0) return;
      heartbeatSeconds = Math.max(1, Math.floor(JSON.parse(data).heartbeatIntervalMs / 1000));
      socket.onClose = countClose;
      socket.onMessage = onFrame;
      resolve(socket);
    };
  });
}

/** A sender: a full `ws` client (it reads acks, at a low rate); open once `welcome` arrived. */
async function openOvationSender(spec, secret, onFrame) {
  const token = await joinToken(spec.user, spec.role, spec.room, secret);
  const ws = new WebSocket(`ws://127.0.0.1:${spec.port}/ws?token=${token}`, { localAddress: spec.localAddress, perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed ${code} before welcome`)));
    ws.on('message', function first(data) {
      if (data.compare(WELCOME, 0, WELCOME.length, 0, WELCOME.length) !== 0) return;
      ws.off('message', first);
      ws.removeAllListeners('error').removeAllListeners('close');
      ws.on('error', () => undefined);
      ws.on('close', countClose);
      ws.on('message', onFrame);
      resolve(ws);
    });
  });
}

function countClose(code) {
  counters.closed[code] = (counters.closed[code] ?? 0) + 1;
}

function ovationViewerFrame(sample) {
  return (data) => {
    if (!counting) return;
    counters.frames++;
    counters.bytes += data.length;
    if (data.compare(EVENTS, 0, EVENTS.length, 0, EVENTS.length) !== 0) {
      if (data.includes('"type":"error"')) counters.errorFrames++;
      return;
    }
    // `{"type":"events","replay":…`: the flag sits right after the type, no need to scan the frame for it.
    if (data.compare(REPLAY, 0, REPLAY.length, EVENTS.length + 1, EVENTS.length + 1 + REPLAY.length) === 0) return;
    counters.chats += countOccurrences(data, measuredMark);
    const dropped = data.indexOf(DROPPED);
    if (dropped !== -1) counters.dropped += parseInt(data.toString('latin1', dropped + DROPPED.length, dropped + DROPPED.length + 12), 10) || 0;
    if (sample) {
      const now = Date.now();
      for (const event of JSON.parse(data).events) if (event.type === 'chat') timeBenchText(event.payload?.text, now, event.atMs);
    }
  };
}

/** A Socket.IO viewer over the raw Engine.IO v4 websocket transport (what socket.io-client speaks with transports: ['websocket']). */
async function openSocketIoViewer(spec, onEvent) {
  const socket = await openViewerSocket({
    port: spec.port,
    path: `/socket.io/?EIO=4&transport=websocket&room=${encodeURIComponent(spec.room)}`,
    localAddress: spec.localAddress,
  });
  return new Promise((resolve, reject) => {
    socket.onClose = (code) => reject(new Error(`closed ${code} before connect`));
    socket.onMessage = (data) => {
      const kind = data[0];
      if (kind === 0x30 /* 0 open */) socket.send('40');
      else if (kind === 0x32 /* 2 ping */) socket.send('3');
      else if (kind === 0x34 && data[1] === 0x30 /* 40 connected */) {
        socket.onClose = countClose;
        resolve(socket);
      } else if (kind === 0x34) onEvent(data);
    };
  });
}

function socketIoViewerFrame(sample) {
  return (data) => {
    if (!counting) return;
    counters.frames++;
    counters.bytes += data.length;
    if (data.compare(SIO_CHAT, 0, SIO_CHAT.length, 0, SIO_CHAT.length) !== 0 || !data.includes(measuredMark)) return;
    counters.chats++;
    if (sample) timeBenchText(JSON.parse(data.toString('utf8', 2))[1]?.text, Date.now());
  };
}

async function connectAll({ kind, sockets, secret, concurrency }) {
  // From the first socket on: a connect phase longer than two heartbeat intervals must not lose the early ones.
  if (kind === 'ovation') keepOvationAlive();
  const openBefore = viewers.length;
  let next = 0;
  let failed = 0;
  let firstError;
  const worker = async () => {
    while (next < sockets.length) {
      const spec = sockets[next++];
      try {
        viewers.push(
          kind === 'ovation'
            ? await openOvationViewer(spec, `/ws?token=${await joinToken(spec.user, spec.role, spec.room, secret)}`, ovationViewerFrame(spec.sample))
            : kind === 'bare'
              ? await openOvationViewer(spec, `/ws?room=${encodeURIComponent(spec.room)}`, ovationViewerFrame(spec.sample))
              : await openSocketIoViewer(spec, socketIoViewerFrame(spec.sample)),
        );
      } catch (error) {
        failed++;
        firstError ??= String(error?.message ?? error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { open: viewers.length - openBefore, failed, firstError };
}

let keepingAlive = false;
/** The heartbeat interval the push nodes announce in `welcome`, in whole seconds. */
let heartbeatSeconds = 15;

/**
 * Ovation closes a socket silent for two heartbeat intervals; a client pings once an interval
 * (docs/protocol.md): each viewer once per announced interval, the viewers spread over it.
 */
function keepOvationAlive() {
  if (keepingAlive) return;
  keepingAlive = true;
  let second = 0;
  setInterval(() => {
    const frame = JSON.stringify({ type: 'ping', clientTimeMs: Date.now() });
    const slot = second++ % heartbeatSeconds;
    for (let i = slot; i < viewers.length; i += heartbeatSeconds) viewers[i].send(frame);
  }, 1000).unref();
}

/** The sender sockets (opened by the first send phase, kept for the next) and the phase under way. */
let senderSockets;
let phase;

async function openSenders(kind, senders, secret) {
  const sockets = [];
  if (kind === 'ovation') {
    for (const spec of senders) sockets.push(await openOvationSender(spec, secret, (data) => phase?.answered(data)));
    return sockets;
  }
  const { io } = require('socket.io-client');
  for (const spec of senders) {
    const socket = io(`http://127.0.0.1:${spec.port}`, { transports: ['websocket'], query: { room: spec.room }, reconnection: false, localAddress: spec.localAddress });
    await new Promise((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
    sockets.push(socket);
  }
  return sockets;
}

/** One phase's counts; an ack or nack settles one of its sends. */
function sendPhase() {
  const stats = { sent: 0, acked: 0, nacked: 0, nackReasons: {}, ackLatencies: [] };
  const pending = new Map();
  return {
    stats,
    pending,
    answered(data) {
      if (!data.includes('"type":"ack"') && !data.includes('"type":"nack"')) return;
      const frame = JSON.parse(data);
      if (!pending.has(frame.clientMsgId)) return;
      const sentAt = pending.get(frame.clientMsgId);
      pending.delete(frame.clientMsgId);
      if (frame.type === 'ack') {
        stats.acked++;
        stats.ackLatencies.push(Date.now() - sentAt);
      } else {
        stats.nacked++;
        stats.nackReasons[frame.reason] = (stats.nackReasons[frame.reason] ?? 0) + 1;
      }
    },
  };
}

/**
 * Sends `rate` chat messages a second for `durationMs` into the hot room, round-robin over the
 * sender sockets. `phaseName` keeps client message ids unique across phases (a reused id is a
 * retry to the server, answered without a second delivery).
 */
async function sendLoad({ kind, senders, secret, rate, durationMs, phaseName }) {
  senderSockets ??= await openSenders(kind, senders, secret);
  phase = sendPhase();
  const { stats, pending } = phase;
  const sockets = senderSockets;
  const started = Date.now();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Date.now() - started;
      const due = Math.min(Math.floor((rate * elapsed) / 1000), Math.floor((rate * durationMs) / 1000));
      while (stats.sent < due) {
        const seq = stats.sent++;
        const now = Date.now();
        const text = `${BENCH_PREFIX}${now}|${phaseName}${seq}`;
        if (kind === 'ovation') {
          const clientMsgId = `${phaseName}${seq}`;
          pending.set(clientMsgId, now);
          sockets[seq % sockets.length].send(JSON.stringify({ type: 'chat', clientMsgId, text }));
        } else {
          // One emit per server process: each broadcasts to its own share of the room.
          for (const socket of sockets) socket.emit('chat', { text });
        }
      }
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  stats.elapsedMs = Date.now() - started;
  // Every send gets its ack or nack: wait for the stragglers (bounded) so `acked` is the accepted count.
  const deadline = Date.now() + 15_000;
  while (kind === 'ovation' && stats.acked + stats.nacked < stats.sent && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  stats.unanswered = stats.sent - stats.acked - stats.nacked;
  return stats;
}

process.on('message', async (message) => {
  try {
    if (message.type === 'connect') process.send({ type: 'connected', ...(await connectAll(message)) });
    else if (message.type === 'count') {
      resetCounters();
      measuredPhase = message.phase;
      measuredMark = Buffer.from(`|${measuredPhase}`);
      counting = true;
      process.send({ type: 'counting', open: openViewers() });
    } else if (message.type === 'send') process.send({ type: 'sent', ...(await sendLoad(message)) });
    else if (message.type === 'report') {
      counting = false;
      process.send({ type: 'report', ...counters, open: openViewers() });
    } else if (message.type === 'stop') {
      for (const socket of viewers) socket.terminate();
      process.exit(0);
    }
  } catch (error) {
    process.send({ type: 'failed', error: String(error?.stack ?? error) });
  }
});
process.send({ type: 'ready' });
// The bench died or gave up: never outlive it.
process.on('disconnect', () => process.exit(0));
