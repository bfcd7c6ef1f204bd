import { isDependencyOutage } from './dependency-outage';

describe('isDependencyOutage', () => {
  const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });

  it('knows the drivers’ unreachable-server errors, wrapped or not', () => {
    expect(isDependencyOutage(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:3306'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDependencyOutage(named('MaxRetriesPerRequestError'))).toBe(true);
    expect(isDependencyOutage(new Error('Connection is closed.'))).toBe(true);
    // ioredis' commandTimeout: a server that does not answer.
    expect(isDependencyOutage(new Error('Command timed out'))).toBe(true);
    expect(isDependencyOutage(named('KafkaJSNumberOfRetriesExceeded'))).toBe(true);
    // typeorm's QueryFailedError wraps mysql2's error; kafkajs wraps the socket's.
    expect(isDependencyOutage(Object.assign(named('QueryFailedError'), { driverError: { code: 'PROTOCOL_CONNECTION_LOST' } }))).toBe(true);
    expect(isDependencyOutage(Object.assign(named('KafkaJSError'), { originalError: { code: 'ECONNRESET' } }))).toBe(true);
    expect(isDependencyOutage(new Error('wrapped', { cause: { code: 'ETIMEDOUT' } }))).toBe(true);
  });

  it('is false for bugs and refusals', () => {
    expect(isDependencyOutage(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isDependencyOutage(Object.assign(named('QueryFailedError'), { driverError: { code: 'ER_DUP_ENTRY' } }))).toBe(false);
    expect(isDependencyOutage(undefined)).toBe(false);
    expect(isDependencyOutage('ECONNREFUSED')).toBe(false);
  });
});
