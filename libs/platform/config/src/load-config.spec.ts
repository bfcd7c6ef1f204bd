import { z } from 'zod';
import { ConfigError } from './config-error';
import { field } from './fields';
import { mysqlFields, serviceFields } from './fragments';
import { loadConfig } from './load-config';

const schema = z.object({ ...serviceFields(9402), ...mysqlFields('ovation_room'), FEATURE: field.bool(false), PEERS: field.list(['a']) });

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    const config = loadConfig('room', schema, {});
    expect(config).toMatchObject({ OPS_PORT: 9402, MYSQL_PORT: 3306, MYSQL_DATABASE: 'ovation_room', FEATURE: false, PEERS: ['a'] });
  });

  it('coerces strings into typed values', () => {
    const config = loadConfig('room', schema, { OPS_PORT: '9999', FEATURE: 'yes', PEERS: 'x, y ,,z' });
    expect(config.OPS_PORT).toBe(9999);
    expect(config.FEATURE).toBe(true);
    expect(config.PEERS).toEqual(['x', 'y', 'z']);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig('room', schema, { OPS_PORT: '' }).OPS_PORT).toBe(9402);
  });

  it('names every bad variable and the value it got', () => {
    let error: unknown;
    try {
      loadConfig('room', schema, { OPS_PORT: 'abc', MYSQL_PORT: '70000', FEATURE: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems.map((p) => p.variable).sort()).toEqual(['FEATURE', 'MYSQL_PORT', 'OPS_PORT']);
    expect(message).toContain('Invalid configuration for room');
    expect(message).toMatch(/OPS_PORT: .*"abc"/);
    expect(message).toMatch(/MYSQL_PORT: .*"70000"/);
  });

  it('reports a missing required variable', () => {
    const strict = z.object({ JWT_SECRET: field.requiredString() });
    expect(() => loadConfig('gateway', strict, {})).toThrow(/JWT_SECRET: is required but not set/);
  });
});

describe('loadConfig error messages', () => {
  const strict = z.object({
    JOIN_TOKEN_SECRET: field.requiredString().min(32, 'must be at least 32 characters'),
    KAFKA_SASL_PASSWORD: field.string('').pipe(z.string().max(8)),
    REDIS_URL: field.string('redis://127.0.0.1:6379').pipe(z.string().regex(/^rediss?:\/\/[^\s]+$/, 'must be a redis:// URL')),
  });
  const messageOf = (env: Record<string, string>): string => {
    try {
      loadConfig('gateway', strict, env);
    } catch (error) {
      return (error as ConfigError).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('never show a secret, only its length', () => {
    const message = messageOf({ JOIN_TOKEN_SECRET: 'hunter2-too-short', KAFKA_SASL_PASSWORD: 'scram-password-long' });
    expect(message).toContain('JOIN_TOKEN_SECRET: must be at least 32 characters (got a value of 17 characters, not shown)');
    expect(message).toMatch(/KAFKA_SASL_PASSWORD: .*\(got a value of 19 characters, not shown\)/);
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('scram-password');
  });

  it('never show the password a URL carries', () => {
    const message = messageOf({ JOIN_TOKEN_SECRET: 'x'.repeat(32), REDIS_URL: 'redis://ovation:p4ssw0rd@redis.data:6379/0 extra' });
    expect(message).toContain('REDIS_URL: must be a redis:// URL (got "redis://ovation:***@redis.data:6379/0 extra")');
    expect(message).not.toContain('p4ssw0rd');
  });
});
