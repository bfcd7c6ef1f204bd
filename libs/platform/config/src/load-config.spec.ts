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
