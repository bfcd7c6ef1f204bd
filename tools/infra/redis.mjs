// Redis: reuse the one answering at REDIS_URL, else start the installed redis-server (no persistence).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { runningPid, startDaemon, stopDaemon, tailOf } from './daemon.mjs';
import { secondsSince } from './log.mjs';
import { serviceDir } from './paths.mjs';
import { onPath } from './run.mjs';
import { waitFor } from './wait.mjs';

const dir = serviceDir('redis');
const pidFile = path.join(dir, 'redis.pid');
const logFile = path.join(dir, 'redis.log');
const marker = 'redis-server';
const localUrl = 'redis://127.0.0.1:6379';

/** Resolves to true when a Redis at host:port answers PING with PONG. */
export function redisAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let reply = '';
    const done = (answered) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
  });
}

/** Makes sure Redis answers; returns { env, started, stop }. */
export async function ensureRedis({ say }) {
  const url = process.env.REDIS_URL || localUrl;
  const { hostname, port } = new URL(url);
  const env = { REDIS_URL: url };
  const answers = () => redisAnswers(hostname, Number(port || 6379));
  if (await answers()) {
    say(`redis: using the server at ${url}`);
    return { env, started: false, stop: async () => {} };
  }
  if (url !== localUrl) throw new Error(`redis: REDIS_URL=${url} does not answer PING`);
  if (runningPid(pidFile, marker)) {
    // Started by an earlier `up` and still booting: wait for it rather than start a second one.
    await waitFor('redis', answers, { timeoutMs: 15_000 });
    return { env, started: false, stop: async () => {} };
  }
  if (!onPath('redis-server')) {
    throw new Error('redis: nothing answers on 127.0.0.1:6379 and redis-server is not installed (apt-get install -y redis-server)');
  }
  const startedAt = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const args = ['--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
  const daemon = startDaemon('redis-server', args, { logFile, pidFile });
  await waitFor('redis', answers, {
    timeoutMs: 15_000,
    abort: () => daemon.exited() && `redis-server ${daemon.exited()}; ${logFile}:\n${tailOf(logFile)}`,
  });
  say(`redis: started redis-server on 127.0.0.1:6379 (pid ${daemon.pid}) in ${secondsSince(startedAt)}`);
  return { env, started: true, stop: stopRedis };
}

/** Stops a redis-server the project started (by its pid file). */
export function stopRedis() {
  return stopDaemon(pidFile, marker, { graceMs: 10_000 });
}
