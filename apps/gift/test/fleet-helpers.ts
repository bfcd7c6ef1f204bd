import { randomUUID } from 'node:crypto';
import { kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { createTokenIssuer } from '@ovation/auth';
import { createKafka, namespacedTopic, RunningConsumer, runConsumer } from '@ovation/kafka';
import WebSocket from 'ws';
import { announceStreamsStarted, TestFleet, testSecrets, waitFor } from '@ovation/testing';
import { logLevel } from 'kafkajs';

/**
 * The fleet of a crash test: development top-ups; a circuit that closes again 500 ms after the
 * gift service is back; no per-IP limit — every test client is 127.0.0.1 and retries through an
 * outage, which would exhaust one address's allowance (per-user limits stay on).
 */
export const CRASH_FLEET_ENV = { DEV_RECHARGE_ENABLED: 'true', CIRCUIT_OPEN_MS: '500', RATE_LIMIT_PER_IP_PER_MINUTE: '0' };

export interface Api {
  call<T = Record<string, unknown>>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }>;
  token(userId: string, role: 'viewer' | 'streamer' | 'admin'): Promise<string>;
}

export function apiOf(fleet: TestFleet): Api {
  const base = fleet.url('gateway', 'HTTP_PORT');
  const call = async <T>(method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    call,
    token: async (userId, role) => {
      const answer = await call<{ token?: string }>('POST', '/v1/dev/tokens', undefined, { userId, role });
      if (answer.status !== 201 || !answer.body.token) throw new Error(`no token for ${userId}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.token;
    },
  };
}

/** A live room of `owner`: created through the gateway, then started as ingest would announce it. */
export async function liveRoom(fleet: TestFleet, api: Api, ownerToken: string): Promise<string> {
  const created = await api.call<{ id: string }>('POST', '/v1/rooms', ownerToken, { title: 'Gift night', category: 'music' });
  if (created.status !== 201) throw new Error(`room not created: ${JSON.stringify(created.body)}`);
  await announceStreamsStarted(fleet.namespace, [created.body.id], fleet.kafkaBrokers);
  await waitFor(async () => ((await api.call<{ status: string }>('GET', `/v1/rooms/${created.body.id}`)).body.status === 'live' ? true : undefined), 20_000, 'the room to go live');
  return created.body.id;
}

/** Watches the room event stream directly, as every push node does, collecting gift effects. */
export async function watchGiftEffects(fleet: TestFleet): Promise<{ effects: roomV1.RoomEvent[]; stop(): Promise<void> }> {
  const kafka = createKafka({ clientId: 'gift-fleet-viewer', brokers: fleet.kafkaBrokers.split(','), logLevel: logLevel.NOTHING });
  const effects: roomV1.RoomEvent[] = [];
  const consumer: RunningConsumer = await runConsumer(kafka, {
    groupId: `${fleet.namespace}.spec-viewer-${randomUUID()}`,
    topics: [namespacedTopic(fleet.namespace, Topics.roomEvents)],
    fromBeginning: true,
    handler: async (message) => {
      const event = kafkaCodecs[Topics.roomEvents].decode(message.value!);
      if (event.gift) effects.push(event);
    },
  });
  return { effects, stop: () => consumer.stop() };
}

/**
 * Watches a room as a viewer does: a socket on a push node, collecting the gift effects it is
 * shown (push nodes show an order once even when the stream carries it again).
 */
export async function watchGiftEffectsOnSocket(fleet: TestFleet, node: string, roomId: string): Promise<{ orderIds: string[]; stop(): void }> {
  const issuer = createTokenIssuer({ hs256Secret: testSecrets.JOIN_TOKEN_SECRET, issuer: 'ovation', audience: 'ovation-push' });
  const token = await issuer.issue({ userId: `watcher-${randomUUID()}`, displayName: 'Watcher', role: 'guest' }, 3600, { room: roomId });
  const socket = new WebSocket(`ws://127.0.0.1:${fleet.byName(node).ports.WS_PORT}/ws?token=${token}`);
  const orderIds: string[] = [];
  let welcomed = false;
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; events?: Array<{ type: string; payload: { orderId?: string } }> };
    if (frame.type === 'welcome') welcomed = true;
    for (const event of frame.events ?? []) if (event.type === 'gift' && event.payload.orderId) orderIds.push(event.payload.orderId);
  });
  // The client's side of the heartbeat, so a long crash test is not cut off as a silent socket.
  const pings = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify({ type: 'ping', clientTimeMs: Date.now() })), 5_000);
  await waitFor(() => (welcomed ? true : undefined), 15_000, 'the push node to welcome the watcher');
  return {
    orderIds,
    stop: () => {
      clearInterval(pings);
      socket.close();
    },
  };
}

export interface SendOptions {
  /** A pause after each accepted send, to stretch the load over time. */
  pauseMs?: number;
  /** Called with each accepted order. */
  onOrder?: (orderId: string) => void;
}

/**
 * Each user sends `giftId` until their balance runs out, as a careful client does: a failure that
 * is not a refusal is retried with the same idempotency key. Returns each user's order ids.
 */
export async function sendUntilBroke(api: Api, roomId: string, users: string[], giftId: string, options: SendOptions = {}): Promise<Map<string, string[]>> {
  const orders = new Map<string, string[]>();
  await Promise.all(
    users.map(async (user) => {
      const token = await api.token(user, 'viewer');
      const mine: string[] = [];
      orders.set(user, mine);
      for (;;) {
        const key = `tap-${randomUUID()}`;
        // A restart on a busy CI machine takes a while: the budget is time, not attempts.
        const deadline = Date.now() + 60_000;
        for (;;) {
          const response = await api
            .call<{ orderId: string; error?: { code: string } }>('POST', `/v1/rooms/${roomId}/gifts`, token, { giftId, count: 1, idempotencyKey: key })
            .catch(() => ({ status: 599, body: {} as { orderId: string; error?: { code: string } } }));
          if (response.status === 200) {
            if (!mine.includes(response.body.orderId)) {
              mine.push(response.body.orderId);
              options.onOrder?.(response.body.orderId);
            }
            break;
          }
          if (response.status === 409 && response.body.error?.code === 'insufficient_balance') return;
          if (response.status < 500 && response.status !== 429) throw new Error(`unexpected ${response.status} ${JSON.stringify(response.body)}`);
          if (Date.now() > deadline) throw new Error(`the gift service did not come back within 60 s (last answer ${response.status} ${JSON.stringify(response.body)})`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
      }
    }),
  );
  return orders;
}

export async function topUp(api: Api, users: string[], amount: string): Promise<void> {
  for (const user of users) await api.call('POST', `/v1/wallets/${user}/recharges`, await api.token(user, 'viewer'), { amount, idempotencyKey: `pay-${randomUUID()}` });
}

/**
 * The books balance with every order checked once, and the viewer's socket showed every order's
 * effect exactly once and nothing else.
 */
export async function expectBooksClean(api: Api, viewer: { orderIds: string[] }, allOrders: string[]): Promise<void> {
  const admin = await api.token('ops', 'admin');
  const report = await waitFor(
    async () => {
      const { body } = await api.call<{ clean: boolean; ordersChecked: number }>('POST', '/v1/admin/reconciliation?graceMs=0', admin);
      return body.clean && body.ordersChecked === allOrders.length ? body : undefined;
    },
    60_000,
    'a clean reconciliation of every order',
  );
  expect(report).toMatchObject({ clean: true, orderDiscrepancies: [], mismatches: [], ledgerTotal: '0' });
  await waitFor(() => (new Set(viewer.orderIds).size >= allOrders.length ? true : undefined), 30_000, 'every effect');
  expect([...viewer.orderIds].sort()).toEqual([...allOrders].sort());
}
