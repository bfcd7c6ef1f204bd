// Ovation under test: two built push nodes (and room, which the write path asks about mutes,
// bans and liveness) started through the fleet supervisor at their own port offset, in a
// namespace of their own; the hot room is created in room and taken live the way ingest would.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, '../../../..');
const dist = (path) => require(join(ROOT, 'dist', path));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const PUSH_NODES = ['danmaku-push-1', 'danmaku-push-2'];

export async function startOvation(options, log) {
  const { startFleet } = require(join(ROOT, 'tools/fleet/supervisor.cjs'));
  const { createGrpcClient } = dist('libs/platform/grpc/src/index.js');
  const { commonV1, kafkaCodecs, roomV1, Topics } = dist('libs/contracts/src/index.js');
  const { createKafka, EventProducer, namespacedTopic } = dist('libs/platform/kafka/src/index.js');
  const { dropDatabases, dropTopics, infraEnv, testSecrets } = dist('libs/platform/testing/src/index.js');

  const namespace = `bench${randomBytes(4).toString('hex')}`;
  const secret = testSecrets.JOIN_TOKEN_SECRET;
  const recent = [];
  const fleet = await startFleet({
    only: ['room', ...PUSH_NODES],
    portOffset: options.portOffset,
    databaseSuffix: `_${namespace}`,
    env: {
      ...infraEnv(),
      // The development secrets every service of a test fleet shares (join tokens are minted with the same one).
      ...testSecrets,
      KAFKA_NAMESPACE: namespace,
      REDIS_KEY_PREFIX: `${namespace}:`,
      LOG_LEVEL: 'warn',
      // Abuse limits, not fan-out limits: the bench's senders speak several times a second.
      RATE_USER_INTERVAL_MS: '10',
      RATE_USER_BURST: '100',
      RATE_ROOM_PER_SECOND: String(Math.max(500, Math.ceil(options.rate * 2))),
      SOCKET_CHAT_BURST: '1000',
      SOCKET_CHAT_INTERVAL_MS: '1',
      // The connect phase opens thousands of sockets as fast as it can.
      HANDSHAKES_PER_SECOND: '1000000',
    },
    rawLogs: true,
    print: (line) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
    },
    readyTimeoutMs: 90_000,
  }).catch(async (error) => {
    process.stderr.write(`${recent.join('\n')}\n`);
    await Promise.all([dropDatabases(`_${namespace}`), dropTopics(namespace)]);
    throw error;
  });
  const stop = async () => {
    await fleet.stop();
    await Promise.all([dropDatabases(`_${namespace}`), dropTopics(namespace)]);
  };

  try {
    const room = fleet.byName('room');
    const { client: rooms, close } = createGrpcClient({ domain: 'room', service: 'RoomService', address: `127.0.0.1:${room.ports.GRPC_PORT}`, defaultDeadlineMs: 5000 });
    const { room: hot } = await rooms.createRoom({ actor: { userId: 'bench-streamer', role: commonV1.Role.ROLE_USER }, title: 'bench hot room', category: 'bench', coverUrl: '' });
    const kafka = createKafka({ clientId: 'bench-fanout', brokers: infraEnv().KAFKA_BROKERS.split(','), logger: { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} } });
    const producer = new EventProducer(kafka);
    await producer.connect();
    const started = { roomId: hot.id, streamId: `bench-${namespace}`, ingestNode: 'bench', atMs: String(Date.now()), started: { renditions: ['source'], flvOriginUrl: '', hlsMasterUrl: '', width: 0, height: 0 } };
    await producer.send(namespacedTopic(namespace, Topics.streamLifecycle), { key: hot.id, value: kafkaCodecs[Topics.streamLifecycle].encode(started) });
    await producer.disconnect();
    const deadline = Date.now() + 30_000;
    while ((await rooms.getRoom({ roomId: hot.id })).room.status !== roomV1.RoomStatus.ROOM_STATUS_LIVE) {
      if (Date.now() > deadline) throw new Error('the hot room did not go live within 30 s');
      await sleep(200);
    }
    close();
    log(`ovation: push nodes on ${PUSH_NODES.map((n) => fleet.byName(n).ports.WS_PORT).join(', ')}, hot room ${hot.id} live`);
    return {
      name: 'ovation',
      kind: 'ovation',
      pids: PUSH_NODES.map((n) => fleet.byName(n).child.pid),
      ports: PUSH_NODES.map((n) => fleet.byName(n).ports.WS_PORT),
      addressBlock: '127.0.1',
      secret,
      rooms: { hot: hot.id, small: (i) => `bench-small-${namespace}-${i}` },
      recentLogs: () => recent.join('\n'),
      stop,
    };
  } catch (error) {
    process.stderr.write(`${recent.join('\n')}\n`);
    await stop();
    throw error;
  }
}
