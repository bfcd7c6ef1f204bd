import { commonV1, roomV1 } from '@ovation/contracts';
import { createGrpcClient, GrpcClientHandle } from '@ovation/grpc';
import {
  announceStreamsStarted,
  freePort,
  makeTestPki,
  PrivateKafka,
  startPrivateKafka,
  startPrivateMysql,
  startPrivateRedis,
  startTestFleet,
  TestFleet,
  TestPki,
  waitFor,
  workspaceRoot,
} from '@ovation/testing';
import { createConnection } from 'mysql2/promise';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

// The built room service (its own process, its migration entry point first) with all three links
// secured, against servers of this suite's own: Kafka only over SASL_SSL (SCRAM-SHA-512), MariaDB
// only over TLS (verify-full), Redis only over TLS with an ACL user. Its producer, its consumer,
// its topic admin, its database and Redis clients all work, and no password shows in its logs.
const APP = { username: 'ovation-room', password: randomBytes(12).toString('hex') };
const WRONG_PASSWORD = `wrong-${randomBytes(6).toString('hex')}`;
const alice: commonV1.Actor = { userId: 'alice', role: commonV1.Role.ROLE_USER };

describe('room with TLS and SASL to Kafka, MySQL and Redis (built service, private servers)', () => {
  let pki: TestPki;
  let kafka: PrivateKafka;
  let mysql: Awaited<ReturnType<typeof startPrivateMysql>>;
  let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
  let fleet: TestFleet;
  let grpc: GrpcClientHandle<roomV1.RoomServiceClient>;
  let securedEnv: Record<string, string>;

  beforeAll(async () => {
    pki = makeTestPki();
    const tls = { server: pki.server, ca: pki.ca };
    const [brokerPort, saslPort] = [await freePort(2), await freePort()];
    [kafka, mysql, redis] = await Promise.all([
      startPrivateKafka('kafka-room-tls', brokerPort, {
        listeners: [{ name: 'SECURE', port: saslPort, protocol: 'SASL_SSL', tls: { ...tls, clientAuth: 'none' }, saslMechanisms: ['SCRAM-SHA-512'] }],
        users: [APP],
      }),
      startPrivateMysql('mysql-room-tls', { tls, users: [APP] }),
      startPrivateRedis('redis-room-tls', { tls, users: [APP] }),
    ]);
    securedEnv = {
      KAFKA_BROKERS: `127.0.0.1:${saslPort}`,
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: pki.ca,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: APP.username,
      KAFKA_SASL_PASSWORD: APP.password,
      MYSQL_HOST: 'localhost',
      MYSQL_PORT: String(mysql.port),
      MYSQL_USER: APP.username,
      MYSQL_PASSWORD: APP.password,
      MYSQL_TLS_MODE: 'verify-full',
      MYSQL_TLS_CA_FILE: pki.ca,
      REDIS_URL: `rediss://127.0.0.1:${redis.port}`,
      REDIS_USERNAME: APP.username,
      REDIS_PASSWORD: APP.password,
      REDIS_TLS_CA_FILE: pki.ca,
    };
    fleet = await startTestFleet({ portOffset: 7300, only: ['room'], env: securedEnv });
    grpc = createGrpcClient<roomV1.RoomServiceClient>({ domain: 'room', service: 'RoomService', address: `127.0.0.1:${fleet.byName('room').ports.GRPC_PORT}`, defaultDeadlineMs: 5_000 });
  }, 180_000);

  afterAll(async () => {
    grpc?.close();
    try {
      await fleet?.stop();
      if (fleet) {
        // The fleet's cleanup drops databases on the shared server; this one's are here.
        const connection = await createConnection({ host: 'localhost', port: mysql.port, user: APP.username, password: APP.password, ssl: { ca: readFileSync(pki.ca) } });
        await connection.query(`DROP DATABASE IF EXISTS \`ovation_room${fleet.databaseSuffix}\``);
        await connection.end();
      }
    } finally {
      await Promise.all([kafka?.stop(), mysql?.stop(), redis?.stop()]);
      pki?.remove();
    }
  }, 60_000);

  it('migrates and starts, every dependency ready over its secured link', async () => {
    const readiness = await (await fetch(`${fleet.url('room', 'OPS_PORT')}/readyz`)).json();
    expect(readiness).toMatchObject({ status: 'ready', checks: { mysql: 'ok', redis: 'ok', kafka: 'ok' } });
  });

  it('writes MySQL and Redis, and consumes and produces Kafka events: a stream start makes a room live', async () => {
    const { room } = await grpc.client.createRoom({ actor: alice, title: 'Over TLS', category: 'secure', coverUrl: '' });
    // Played as an ingest node on the broker's own plaintext listener: room consumes it over SASL_SSL.
    await announceStreamsStarted(fleet.namespace, [room!.id], kafka.brokers);
    const live = await waitFor(async () => {
      const { room: current } = await grpc.client.getRoom({ roomId: room!.id });
      return current!.status === roomV1.RoomStatus.ROOM_STATUS_LIVE ? current : undefined;
    }, 30_000, 'the room to go live');
    expect(live!.id).toBe(room!.id);
    // The live list is in Redis.
    expect((await grpc.client.listLiveRooms({ category: 'secure', page: { limit: 10, cursor: '' } })).rooms.map((r) => r.id)).toContain(room!.id);
  });

  it('stops at start with a clear error when a password is wrong, and shows it nowhere', async () => {
    const started = fleet.startInstance({ name: 'room-wrong-password', app: 'room', ports: { GRPC_PORT: 50091, OPS_PORT: 9482 } }, { MYSQL_PASSWORD: WRONG_PASSWORD });
    await expect(started).rejects.toThrow(/room-wrong-password exited before it was ready/);
    const fatal = fleet.logs('room-wrong-password').find((line) => line.includes('"level":"fatal"'));
    expect(fatal).toMatch(/Access denied for user 'ovation-room'@'[^']+' \(using password: YES\).*"msg":"room failed to start"/);
  }, 30_000);

  /** `node tools/infra/up.mjs`, what npm start and npm test provision with, in this environment. */
  const provision = (env: Record<string, string>) => {
    const up = spawnSync(process.execPath, ['tools/infra/up.mjs'], { cwd: workspaceRoot(), env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
    provisioned.push(up.stdout, up.stderr);
    return { status: up.status, output: `${up.stdout}${up.stderr}` };
  };
  const provisioned: string[] = [];

  it('is reused by tools/infra, which probes each secured server the way the services reach it', () => {
    const { status, output } = provision(securedEnv);
    expect(output).toMatch(/kafka: using KAFKA_BROKERS=127\.0\.0\.1:\d+ \(KAFKA_TLS, KAFKA_TLS_CA_FILE, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD\)/);
    expect(output).toMatch(/mysql: using the server at localhost:\d+ \(MYSQL_TLS_MODE, MYSQL_TLS_CA_FILE\)/);
    expect(output).toMatch(/redis: using the server at 127\.0\.0\.1:\d+ \(REDIS_USERNAME, REDIS_PASSWORD, REDIS_TLS_CA_FILE\)/);
    expect(status).toBe(0);
  }, 60_000);

  it('makes tools/infra fail on a wrong password, naming the variables', () => {
    const { status, output } = provision({ ...securedEnv, KAFKA_SASL_PASSWORD: WRONG_PASSWORD });
    expect(status).toBe(1);
    expect(output).toMatch(/kafka: KAFKA_BROKERS=127\.0\.0\.1:\d+ does not answer with KAFKA_TLS, .*KAFKA_SASL_PASSWORD: .*SASL SCRAM SHA512 authentication failed/);
  }, 60_000);

  it('never logs a password', () => {
    const logs = [...fleet.logs('room'), ...fleet.logs('room-wrong-password'), ...provisioned].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [APP.password, WRONG_PASSWORD]) expect(logs).not.toContain(secret);
  });
});
