import { z } from 'zod';
import { kafkaFields, mysqlFields, redisFields } from './fragments';
import { loadConfig } from './load-config';

const schema = z.object({ ...kafkaFields(), ...mysqlFields('ovation_room'), ...redisFields() });
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig('room', schema, env);
    return [];
  } catch (error) {
    return (error as { problems: Array<{ variable: string; message: string }> }).problems.map((p) => `${p.variable}: ${p.message}`);
  }
};

describe('the connection variables agree with each other', () => {
  it('accept the defaults: plaintext, no credentials', () => {
    expect(problemsOf({})).toEqual([]);
  });

  it('accept a full TLS and SASL setup of all three', () => {
    const env = {
      KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/tls/kafka/ca.crt', KAFKA_TLS_CERT_FILE: '/tls/kafka/tls.crt', KAFKA_TLS_KEY_FILE: '/tls/kafka/tls.key',
      KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'ovation', KAFKA_SASL_PASSWORD: 'kafka-password',
      MYSQL_HOST: 'mysql.data', MYSQL_TLS_MODE: 'verify-full', MYSQL_TLS_CA_FILE: '/tls/mysql/ca.crt',
      REDIS_CLUSTER_NODES: '10.0.0.1:6379', REDIS_TLS: 'true', REDIS_TLS_SERVERNAME: 'redis.data', REDIS_USERNAME: 'ovation', REDIS_PASSWORD: 'redis-password',
    };
    expect(problemsOf(env)).toEqual([]);
  });

  it('refuse TLS files while TLS is off, naming each and how to turn it on', () => {
    expect(problemsOf({ KAFKA_TLS_CA_FILE: '/ca.crt', MYSQL_TLS_CA_FILE: '/ca.crt', REDIS_TLS_CA_FILE: '/ca.crt', REDIS_TLS_SERVERNAME: 'redis.data' })).toEqual([
      'KAFKA_TLS_CA_FILE: is set, but TLS is off: set KAFKA_TLS=true',
      'MYSQL_TLS_CA_FILE: is set, but TLS is off: set MYSQL_TLS_MODE to verify-ca or verify-full',
      'REDIS_TLS_CA_FILE: is set, but TLS is off: set REDIS_TLS=true (or a rediss:// REDIS_URL)',
      'REDIS_TLS_SERVERNAME: is set, but TLS is off: set REDIS_TLS=true (or a rediss:// REDIS_URL)',
    ]);
  });

  it('take a rediss:// URL as TLS for a standalone server', () => {
    expect(problemsOf({ REDIS_URL: 'rediss://redis.data:6380', REDIS_TLS_CA_FILE: '/ca.crt' })).toEqual([]);
  });

  it('want a client certificate and its key together', () => {
    expect(problemsOf({ KAFKA_TLS: 'true', KAFKA_TLS_CERT_FILE: '/tls.crt', MYSQL_TLS_MODE: 'verify-ca', MYSQL_TLS_KEY_FILE: '/tls.key' })).toEqual([
      'KAFKA_TLS_KEY_FILE: is required with KAFKA_TLS_CERT_FILE (a client certificate needs its key)',
      'MYSQL_TLS_CERT_FILE: is required with MYSQL_TLS_KEY_FILE (a client key needs its certificate)',
    ]);
  });

  it('want credentials with a SASL mechanism, and a mechanism with credentials', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toEqual([
      'KAFKA_SASL_USERNAME: is required with KAFKA_SASL_MECHANISM=scram-sha-256',
      'KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM=scram-sha-256',
    ]);
    expect(problemsOf({ KAFKA_SASL_PASSWORD: 'kafka-password' })).toEqual(['KAFKA_SASL_PASSWORD: is set, but KAFKA_SASL_MECHANISM is none: name the mechanism the brokers use']);
  });

  it('refuse SASL PLAIN without TLS: the password would cross the network as it is', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'key', KAFKA_SASL_PASSWORD: 'secret' })).toEqual(['KAFKA_SASL_MECHANISM: plain sends the password as it is: it needs KAFKA_TLS=true']);
    expect(problemsOf({ KAFKA_TLS: 'true', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'key', KAFKA_SASL_PASSWORD: 'secret' })).toEqual([]);
  });

  it('refuse an unknown mechanism or TLS mode', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi', MYSQL_TLS_MODE: 'required' }).map((p) => p.split(':')[0])).toEqual(['KAFKA_SASL_MECHANISM', 'MYSQL_TLS_MODE']);
  });

  it('refuse verify-full to a MySQL host given as an IP address', () => {
    expect(problemsOf({ MYSQL_TLS_MODE: 'verify-full' })).toEqual([
      'MYSQL_HOST: is an IP address, which verify-full cannot check a certificate against: give the name the certificate carries (or MYSQL_TLS_MODE=verify-ca)',
    ]);
    expect(problemsOf({ MYSQL_TLS_MODE: 'verify-ca' })).toEqual([]);
  });

  it('take Redis credentials from REDIS_URL or the variables, and refuse the two disagreeing', () => {
    expect(problemsOf({ REDIS_URL: 'redis://ovation:pw@redis:6379' })).toEqual([]);
    expect(problemsOf({ REDIS_URL: 'redis://ovation:pw@redis:6379', REDIS_USERNAME: 'ovation', REDIS_PASSWORD: 'pw' })).toEqual([]);
    expect(problemsOf({ REDIS_URL: 'redis://:old@redis:6379', REDIS_PASSWORD: 'new' })).toEqual(['REDIS_PASSWORD: differs from the one in REDIS_URL: give it once']);
  });
});
