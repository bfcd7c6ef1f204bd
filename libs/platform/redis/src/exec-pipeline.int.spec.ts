import { randomUUID } from 'node:crypto';
import { createRedis } from './create-redis';
import { execPipeline } from './exec-pipeline';

describe('execPipeline against the real Redis', () => {
  const redis = createRedis({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: `pipeline-spec-${randomUUID()}:` });
  afterAll(async () => {
    await redis.del('counter', 'text');
    await redis.quit();
  });

  it('returns each command’s result in order', async () => {
    await expect(execPipeline(redis.pipeline().set('counter', '1').incr('counter').get('counter'))).resolves.toEqual(['OK', 2, '2']);
  });

  it('throws the first failed command’s error instead of resolving', async () => {
    await redis.set('text', 'not a number');
    await expect(execPipeline(redis.pipeline().incr('counter').incr('text').incr('counter'))).rejects.toThrow('not an integer');
  });
});
