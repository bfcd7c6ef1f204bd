// The demo of `npm start`: so the directory is never empty on first run, a demo streamer goes
// live with ffmpeg's test pattern (restarted if it dies), and a demo viewer's wallet gets coins
// for gifts. Everything goes through the public API with development tokens, as a client would.
// Off with `npm start -- --no-demo` or OVATION_DEMO=false.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startTestPattern } = require('./test-pattern.cjs');

export const DEMO_STREAMER = { userId: 'demo-streamer', displayName: 'Ovation Demo', role: 'streamer' };
export const DEMO_VIEWER = { userId: 'demo', displayName: 'Demo viewer', role: 'viewer' };
const DEMO_ADMIN = { userId: 'demo-admin', displayName: 'Demo admin', role: 'admin' };
const DEMO_COINS = 100_000;
const RESTART_MS = 3000;

export function demoEnabled(argv = process.argv, env = process.env) {
  return !argv.includes('--no-demo') && !['false', '0', 'no', 'off'].includes(String(env.OVATION_DEMO ?? '').toLowerCase());
}

/** Creates the demo room, starts broadcasting into it and seeds the demo wallet. Returns { roomId, stop() }. */
export async function startDemo({ gatewayUrl, log }) {
  const api = apiOf(gatewayUrl);
  const streamer = await api.token(DEMO_STREAMER);
  const room = await api.call('POST', '/v1/rooms', streamer, { title: 'Ovation demo — test pattern with a live clock', category: 'demo' });
  const { publishUrl } = await api.call('GET', `/v1/rooms/${room.id}/publish`, streamer);

  let broadcaster;
  let stopped = false;
  const broadcast = () => {
    broadcaster = startTestPattern(publishUrl);
    broadcaster.exited.then(({ code, signal, stderr }) => {
      if (stopped) return;
      log(`demo broadcaster stopped (code ${code}, signal ${signal}); restarting in ${RESTART_MS / 1000} s${stderr ? `:\n${stderr.trim()}` : ''}`);
      setTimeout(() => !stopped && broadcast(), RESTART_MS);
    });
  };
  broadcast();
  log(`demo room "${room.title}" is going live: ${gatewayUrl}/rooms/${room.id}`);
  await seedWallet(api, log);

  return {
    roomId: room.id,
    stop: async () => {
      stopped = true;
      await broadcaster?.stop();
    },
  };
}

/** Coins for the demo viewer, so gifts work at once (sign in as "demo"). Without the gift API the demo goes on without them. */
async function seedWallet(api, log) {
  try {
    const admin = await api.token(DEMO_ADMIN);
    const key = `demo-seed-${new Date().toISOString().slice(0, 10)}`;
    const wallet = await api.call('POST', `/v1/wallets/${DEMO_VIEWER.userId}/recharges`, admin, { amount: String(DEMO_COINS), idempotencyKey: key });
    log(`demo wallet: sign in as "${DEMO_VIEWER.userId}" to send gifts (balance ${wallet.balance})`);
  } catch (error) {
    log(`demo wallet not seeded: ${error.message}`);
  }
}

function apiOf(gatewayUrl) {
  const call = async (method, path, token, body) => {
    const response = await fetch(`${gatewayUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return {
    call,
    token: async (identity) => (await call('POST', '/v1/dev/tokens', undefined, { ...identity, ttlSeconds: 86400 })).token,
  };
}
