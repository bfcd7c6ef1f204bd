import { loadConfig, redisFields } from '@ovation/config';
import { makeTestPki, startPrivateRedis, startPrivateRedisCluster, TestPki, waitFor } from '@ovation/testing';
import { Cluster } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createRedis, RedisClient, redisConnection, redisHealth } from './index';

// Redis links as a service builds them (environment → @ovation/config → redisConnection →
// createRedis), against servers of this suite's own that speak only TLS and want a password:
// a standalone one with an ACL user, and a 3-master Cluster whose every node wants the password.
const schema = z.object(redisFields());
const APP = { username: 'ovation-app', password: randomBytes(12).toString('hex') };
const CLUSTER_PASSWORD = randomBytes(12).toString('hex');

describe('Redis over TLS with ACL users and passwords (private servers)', () => {
  let pki: TestPki;
  let standalone: Awaited<ReturnType<typeof startPrivateRedis>>;
  let cluster: Awaited<ReturnType<typeof startPrivateRedisCluster>>;
  const clients: RedisClient[] = [];
  /** What every client reported as errors, by client. */
  const reported = new Map<RedisClient, string[]>();
  /** Resolves once what `client` reported as errors matches `pattern` (events may trail the rejection). */
  const reports = (client: RedisClient, pattern: RegExp) =>
    waitFor(() => (pattern.test(reported.get(client)!.join('\n')) ? true : undefined), 3_000, `an error matching ${pattern}`);

  beforeAll(async () => {
    pki = makeTestPki();
    const tls = { server: pki.server, ca: pki.ca };
    [standalone, cluster] = await Promise.all([
      startPrivateRedis('redis-tls-spec', { tls, users: [APP] }),
      startPrivateRedisCluster('redis-cluster-tls-spec', { tls, password: CLUSTER_PASSWORD, users: [APP] }),
    ]);
  }, 90_000);

  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await Promise.all([standalone?.stop(), cluster?.stop()]);
    pki?.remove();
  });

  /** A client from environment variables, as a service makes one; what it reports as errors is kept. */
  const connect = (env: Record<string, string>): RedisClient => {
    const client = createRedis({ ...redisConnection(loadConfig('redis-spec', schema, env)), keyPrefix: 'security-spec:' });
    reported.set(client, []);
    client.on('error', (error: Error) => reported.get(client)!.push(error.message));
    client.on('node error', (error: Error) => reported.get(client)!.push(`node error: ${error.message}`));
    clients.push(client);
    return client;
  };
  const standaloneUrl = () => `rediss://127.0.0.1:${standalone.port}`;
  const clusterEnv = (env: Record<string, string> = {}) => ({ REDIS_CLUSTER_NODES: cluster.nodes.join(','), REDIS_TLS: 'true', REDIS_TLS_CA_FILE: pki.ca, REDIS_PASSWORD: CLUSTER_PASSWORD, ...env });
  const roundTrip = async (client: RedisClient, key: string) => {
    await client.set(key, 'over tls');
    return client.get(key);
  };

  describe('standalone', () => {
    it('works with a rediss:// URL, the CA and an ACL user: a real round trip', async () => {
      const client = connect({ REDIS_URL: standaloneUrl(), REDIS_TLS_CA_FILE: pki.ca, REDIS_USERNAME: APP.username, REDIS_PASSWORD: APP.password });
      expect(await roundTrip(client, 'greeting')).toBe('over tls');
      await expect(redisHealth(client)).resolves.toBeUndefined();
      expect(await client.acl('WHOAMI')).toBe(APP.username);
    });

    it('takes the credentials from the URL too, and presents a client certificate', async () => {
      const url = `rediss://${APP.username}:${APP.password}@127.0.0.1:${standalone.port}`;
      const client = connect({ REDIS_URL: url, REDIS_TLS_CA_FILE: pki.ca, REDIS_TLS_CERT_FILE: pki.client.cert, REDIS_TLS_KEY_FILE: pki.client.key });
      expect(await roundTrip(client, 'from-url')).toBe('over tls');
    });

    it('is refused a wrong password, and no password at all', async () => {
      const wrong = connect({ REDIS_URL: standaloneUrl(), REDIS_TLS_CA_FILE: pki.ca, REDIS_USERNAME: APP.username, REDIS_PASSWORD: 'not-the-password' });
      await expect(wrong.ping()).rejects.toThrow(/WRONGPASS invalid username-password pair/);
      const anonymous = connect({ REDIS_URL: standaloneUrl(), REDIS_TLS_CA_FILE: pki.ca });
      await expect(anonymous.ping()).rejects.toThrow(/NOAUTH Authentication required/);
    });

    it('refuses a server whose certificate its CA did not sign', async () => {
      const client = connect({ REDIS_URL: standaloneUrl(), REDIS_TLS_CA_FILE: pki.otherCa, REDIS_USERNAME: APP.username, REDIS_PASSWORD: APP.password });
      await expect(client.ping()).rejects.toThrow('Reached the max retries per request limit');
      await reports(client, /self-signed certificate in certificate chain/);
    });

    it('checks the certificate against REDIS_TLS_SERVERNAME when it is set: another name is refused', async () => {
      const client = connect({ REDIS_URL: standaloneUrl(), REDIS_TLS_CA_FILE: pki.ca, REDIS_TLS_SERVERNAME: 'elsewhere.invalid', REDIS_USERNAME: APP.username, REDIS_PASSWORD: APP.password });
      await expect(client.ping()).rejects.toThrow('Reached the max retries per request limit');
      await reports(client, /Hostname\/IP does not match certificate's altnames: Host: elsewhere\.invalid/);
    });

    it('is refused in plaintext', async () => {
      const client = connect({ REDIS_URL: `redis://127.0.0.1:${standalone.port}`, REDIS_USERNAME: APP.username, REDIS_PASSWORD: APP.password });
      await expect(client.ping()).rejects.toThrow('Reached the max retries per request limit');
      await reports(client, /ECONNRESET|Connection is closed/);
    });
  });

  describe('Cluster', () => {
    it('sends the password and TLS to every node: keys on all three masters round-trip', async () => {
      const client = connect(clusterEnv()) as Cluster;
      const keys = Array.from({ length: 30 }, (_, i) => `spread-${i}`);
      for (const key of keys) expect(await roundTrip(client, key)).toBe('over tls');
      const masters = client.nodes('master');
      expect(masters).toHaveLength(3);
      // Each master holds some of them: the client authenticated over TLS to nodes it only learned from the slots map.
      const sizes = await Promise.all(masters.map((node) => node.dbsize()));
      expect(sizes.every((size) => size > 0)).toBe(true);
      await expect(redisHealth(client)).resolves.toBeUndefined();
    });

    it('authenticates every node as an ACL user', async () => {
      const client = connect(clusterEnv({ REDIS_USERNAME: APP.username, REDIS_PASSWORD: APP.password })) as Cluster;
      for (const key of ['acl-a', 'acl-b', 'acl-c']) expect(await roundTrip(client, key)).toBe('over tls');
      expect(await Promise.all(client.nodes('master').map((node) => node.acl('WHOAMI')))).toEqual([APP.username, APP.username, APP.username]);
    });

    it('is refused a wrong password', async () => {
      const client = connect(clusterEnv({ REDIS_PASSWORD: 'not-the-password' }));
      await expect(client.set('k', 'v')).rejects.toThrow('None of startup nodes is available');
      await reports(client, /node error: WRONGPASS invalid username-password pair/);
    });

    it('is refused in plaintext and by a CA that did not sign the nodes', async () => {
      const plaintext = connect(clusterEnv({ REDIS_TLS: 'false', REDIS_TLS_CA_FILE: '' }));
      const untrusted = connect(clusterEnv({ REDIS_TLS_CA_FILE: pki.otherCa }));
      await Promise.all([expect(plaintext.set('k', 'v')).rejects.toThrow('None of startup nodes is available'), expect(untrusted.set('k', 'v')).rejects.toThrow('None of startup nodes is available')]);
      await reports(plaintext, /node error: (read|write) ECONNRESET|node error: Connection is closed/);
      await reports(untrusted, /node error: self-signed certificate in certificate chain/);
    });
  });

  it('never puts a password in what it reports', () => {
    const everything = [...reported.values()].flat().join('\n');
    expect(everything).toMatch(/WRONGPASS/);
    for (const secret of [APP.password, CLUSTER_PASSWORD, 'not-the-password']) expect(everything).not.toContain(secret);
  });
});
