import { randomUUID } from 'node:crypto';
import { kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { createTokenIssuer } from '@ovation/auth';
import { createKafka, namespacedTopic, RunningConsumer, runConsumer } from '@ovation/kafka';
import WebSocket from 'ws';
import { announceStreamsStarted, infraEnv, TestFleet, testSecrets, waitFor } from '@ovation/testing';
import { logLevel } from 'kafkajs';

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
    token: async (userId, role) => (await call<{ token: string }>('POST', '/v1/dev/tokens', undefined, { userId, role })).body.token,
  };
}

/** A live room of `owner`: created through the gateway, then started as ingest would announce it. */
export async function liveRoom(fleet: TestFleet, api: Api, ownerToken: string): Promise<string> {
  const created = await api.call<{ id: string }>('POST', '/v1/rooms', ownerToken, { title: 'Gift night', category: 'music' });
  if (created.status !== 201) throw new Error(`room not created: ${JSON.stringify(created.body)}`);
  await announceStreamsStarted(fleet.namespace, [created.body.id]);
  await waitFor(async () => ((await api.call<{ status: string }>('GET', `/v1/rooms/${created.body.id}`)).body.status === 'live' ? true : undefined), 20_000, 'the room to go live');
  return created.body.id;
}

/** Watches the room event stream directly, as every push node does, collecting gift effects. */
export async function watchGiftEffects(fleet: TestFleet): Promise<{ effects: roomV1.RoomEvent[]; stop(): Promise<void> }> {
  const kafka = createKafka({ clientId: 'gift-fleet-viewer', brokers: infraEnv().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
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
