import { Cluster, Redis } from 'ioredis';
import { createRedis } from './create-redis';

// lazyConnect: these only check which client is built; nothing connects.
describe('createRedis', () => {
  it('builds a standalone client from a url', () => {
    const client = createRedis({ url: 'redis://127.0.0.1:6379', keyPrefix: 'fleet-a:', lazyConnect: true });

    expect(client).toBeInstanceOf(Redis);
    expect(client.options.keyPrefix).toBe('fleet-a:');
    expect(client.options.enableAutoPipelining).toBe(true);
    client.disconnect();
  });

  it('builds a Cluster client when seed nodes are given', () => {
    const client = createRedis({ url: 'redis://ignored:6379', clusterNodes: ['10.0.0.1:7000', '10.0.0.2'], keyPrefix: 'fleet-a:', lazyConnect: true });

    expect(client).toBeInstanceOf(Cluster);
    expect(client.options.keyPrefix).toBe('fleet-a:');
    expect(client.options.enableAutoPipelining).toBe(true);
    client.disconnect();
  });

  it('gives every Cluster node connection the credentials and TLS', () => {
    const tls = { ca: Buffer.from('ca'), servername: 'redis.data' };
    const client = createRedis({ clusterNodes: ['10.0.0.1:7000'], username: 'ovation', password: 'secret', tls, lazyConnect: true }) as Cluster;

    expect(client.options.redisOptions).toMatchObject({ username: 'ovation', password: 'secret', tls });
    client.disconnect();
  });

  it('refuses a config with neither url nor cluster nodes', () => {
    expect(() => createRedis({})).toThrow(/url or clusterNodes/);
  });
});
