import { createTokenIssuer, Role } from '@ovation/auth';
import { commonV1, kafkaCodecs, roomV1, Topics } from '@ovation/contracts';
import { createGrpcClient, GrpcClientHandle } from '@ovation/grpc';
import { createKafka, EventProducer, namespacedTopic } from '@ovation/kafka';
import { announceStreamsStarted, TestFleet, testSecrets, waitFor } from '@ovation/testing';
import { logLevel } from 'kafkajs';

const issuer = createTokenIssuer({ hs256Secret: testSecrets.JOIN_TOKEN_SECRET, issuer: 'ovation', audience: 'ovation-push' });

/** A join token as the gateway issues it. */
export function joinToken(roomId: string, userId: string, role: Role = 'viewer'): Promise<string> {
  return issuer.issue({ userId, displayName: `Name of ${userId}`, role }, 120, { room: roomId });
}

export function wsUrl(fleet: TestFleet, node: string): string {
  return `ws://127.0.0.1:${fleet.byName(node).ports.WS_PORT}/ws`;
}

export type RoomGrpc = GrpcClientHandle<roomV1.RoomServiceClient>;

export function roomGrpc(fleet: TestFleet): RoomGrpc {
  return createGrpcClient<roomV1.RoomServiceClient>({
    domain: 'room',
    service: 'RoomService',
    address: `127.0.0.1:${fleet.byName('room').ports.GRPC_PORT}`,
    defaultDeadlineMs: 5_000,
  });
}

export const owner = (userId: string): commonV1.Actor => ({ userId, role: commonV1.Role.ROLE_USER });

const kafka = createKafka({ clientId: 'danmaku-push-test', brokers: [process.env.KAFKA_BROKERS ?? '127.0.0.1:9092'], logLevel: logLevel.ERROR });

/** The node ids whose room-events consumer groups the broker still holds for the fleet. */
export async function pushNodeGroups(fleet: TestFleet): Promise<string[]> {
  const prefix = namespacedTopic(fleet.namespace, 'danmaku-push.');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    return groups
      .filter(({ groupId }) => groupId.startsWith(prefix))
      .map(({ groupId }) => groupId.slice(prefix.length))
      .sort();
  } finally {
    await admin.disconnect();
  }
}

/** Sends room events (or stream lifecycle events) as their producers would. */
export class TestProducer {
  private readonly producer = new EventProducer(kafka);

  constructor(private readonly fleet: TestFleet) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Plays an ingest node: the room's stream started (room marks it live and emits the state change). */
  startStream(roomId: string): Promise<void> {
    return announceStreamsStarted(this.fleet.namespace, [roomId]);
  }

  /** Plays room or gift: events for a room's stream. */
  async roomEvents(events: roomV1.RoomEvent[]): Promise<void> {
    const topic = namespacedTopic(this.fleet.namespace, Topics.roomEvents);
    await this.producer.sendBatch(topic, events.map((event) => ({ key: event.roomId, value: kafkaCodecs[Topics.roomEvents].encode(event) })));
  }
}

/** A room that is live, the way a broadcaster makes one: created, then its stream starts. */
export async function liveRoom(room: RoomGrpc, producer: TestProducer, ownerId = 'owner'): Promise<string> {
  const { room: created } = await room.client.createRoom({ actor: owner(ownerId), title: 'Danmaku test', category: 'music', coverUrl: '' });
  const roomId = created!.id;
  await producer.startStream(roomId);
  await waitFor(
    async () => ((await room.client.getRoom({ roomId })).room?.status === roomV1.RoomStatus.ROOM_STATUS_LIVE ? true : undefined),
    15_000,
    `room ${roomId} live`,
  );
  return roomId;
}

/** One sample of a Prometheus metric (summed over its series) from a service's /metrics. */
export async function metric(fleet: TestFleet, service: string, name: string): Promise<number> {
  const text = await (await fetch(`${fleet.url(service, 'OPS_PORT')}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
