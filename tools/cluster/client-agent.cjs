#!/usr/bin/env node
// A viewer's or broadcaster's machine: forked by a test into the cluster's client namespace
// (`ip netns exec <ns> node client-agent.cjs`, an IPC channel), it makes the HTTP requests,
// WebSocket connections and media processes the test asks for, from outside every pod, resolving
// names through the namespace's own hosts file (the public names point at the ingress).
'use strict';

const { spawn } = require('node:child_process');
const WebSocket = require('ws');

const sockets = new Map();
const processes = new Map();
let nextId = 1;

const emit = (event) => process.send(event);

const methods = {
  async fetch({ url, method = 'GET', headers = {}, body, timeoutMs = 10_000, as = 'text', maxBytes = 1 << 20 }) {
    const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const answer = { status: res.status, headers: Object.fromEntries(res.headers) };
    if (as === 'prefix') {
      // A stream that never ends (HTTP-FLV): read until maxBytes, then hang up.
      const chunks = [];
      let length = 0;
      for await (const chunk of res.body) {
        chunks.push(Buffer.from(chunk));
        length += chunk.length;
        if (length >= maxBytes) break;
      }
      return { ...answer, base64: Buffer.concat(chunks).subarray(0, maxBytes).toString('base64') };
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    return as === 'bytes' ? { ...answer, base64: bytes.toString('base64') } : { ...answer, text: bytes.toString('utf8') };
  },

  /** A viewer's socket; like every client of the protocol it pings (JSON) every `heartbeatMs`, or the node hangs up. */
  wsOpen({ url, protocols, heartbeatMs = 15_000 }) {
    const id = nextId++;
    const socket = new WebSocket(url, protocols);
    sockets.set(id, socket);
    const heartbeat = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify({ type: 'ping', clientTimeMs: Date.now() })), heartbeatMs);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve({ id }));
      socket.once('unexpected-response', (_, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      socket.once('error', (error) => reject(error));
      socket.on('message', (data, binary) => emit({ event: 'ws', id, type: 'message', data: binary ? data.toString('base64') : data.toString('utf8'), binary }));
      socket.on('close', (code, reason) => {
        clearInterval(heartbeat);
        sockets.delete(id);
        emit({ event: 'ws', id, type: 'close', code, reason: reason.toString() });
      });
    });
  },

  wsSend({ id, data }) {
    const socket = sockets.get(id);
    if (!socket) throw new Error(`no open socket ${id}`);
    socket.send(typeof data === 'string' ? data : JSON.stringify(data));
  },

  wsClose({ id, code = 1000 }) {
    sockets.get(id)?.close(code);
  },

  spawn({ command, args }) {
    const id = nextId++;
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    processes.set(id, child);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = `${stderr}${chunk}`.slice(-4000);
    });
    child.once('exit', (code, signal) => {
      processes.delete(id);
      emit({ event: 'exit', id, code, signal, stderr });
    });
    return { id, pid: child.pid };
  },

  kill({ id, signal = 'SIGTERM' }) {
    processes.get(id)?.kill(signal);
  },
};

process.on('message', async ({ call, method, params }) => {
  try {
    process.send({ call, result: (await methods[method](params ?? {})) ?? null });
  } catch (error) {
    process.send({ call, error: error.message ?? String(error) });
  }
});
process.on('disconnect', () => {
  for (const socket of sockets.values()) socket.terminate();
  for (const child of processes.values()) child.kill('SIGKILL');
  process.exit(0);
});
process.send({ event: 'ready' });
