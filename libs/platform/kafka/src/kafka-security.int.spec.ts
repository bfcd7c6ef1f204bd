import { kafkaFields, loadConfig } from '@ovation/config';
import { freePort, makeTestPki, PrivateKafka, startPrivateKafka, TestPki, waitFor } from '@ovation/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { kafkaJsConfig, KafkaOptions } from './create-kafka';
import { createKafka, ensureTopics, EventProducer, kafkaConnection, kafkaHealth, KafkaLogger, runConsumer } from './index';

// Kafka links as a service builds them (environment → @ovation/config → kafkaConnection →
// createKafka), against a broker of this suite's own with a SASL_SSL listener (SCRAM-SHA-256/512
// and PLAIN), an SSL listener that requires a client certificate, and one whose certificate (from
// the trusted CA) names another host.
const schema = z.object(kafkaFields());
const APP = { username: 'ovation-app', password: randomBytes(12).toString('hex') };
const WRONG_PASSWORD = 'not-the-password';

describe('Kafka over TLS with SASL (a private broker)', () => {
  let pki: TestPki;
  let broker: PrivateKafka;
  let ports: { sasl: number; mtls: number; misnamed: number };
  const logged: string[] = [];
  const logger: KafkaLogger = Object.fromEntries(
    (['error', 'warn', 'info', 'debug'] as const).map((level) => [level, (fields: object, message?: string) => logged.push(`${level} ${message} ${JSON.stringify(fields)}`)]),
  ) as unknown as KafkaLogger;

  beforeAll(async () => {
    pki = makeTestPki();
    const base = await freePort(2);
    const taken = new Set([base, base + 1]);
    while (taken.size < 5) taken.add(await freePort());
    const [, , sasl, mtls, misnamed] = [...taken];
    ports = { sasl, mtls, misnamed };
    const tls = { server: pki.server, ca: pki.ca };
    broker = await startPrivateKafka('kafka-tls-spec', base, {
      listeners: [
        { name: 'SECURE', port: ports.sasl, protocol: 'SASL_SSL', tls: { ...tls, clientAuth: 'none' }, saslMechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN'] },
        { name: 'MTLS', port: ports.mtls, protocol: 'SSL', tls: { ...tls, clientAuth: 'required' } },
        { name: 'MISNAMED', port: ports.misnamed, protocol: 'SSL', tls: { server: pki.misnamed, ca: pki.ca, clientAuth: 'none' } },
      ],
      users: [APP],
    });
  }, 120_000);

  afterAll(async () => {
    await broker?.stop();
    pki?.remove();
  });

  /** A service's connection options from its environment (the listener's port as KAFKA_BROKERS). */
  const connection = (port: number, env: Record<string, string>): KafkaOptions => ({
    clientId: 'kafka-security-spec',
    ...kafkaConnection(loadConfig('kafka-spec', schema, { KAFKA_BROKERS: `127.0.0.1:${port}`, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: pki.ca, ...env })),
    logger,
    logLevel: logLevel.DEBUG,
  });
  const scram = (mechanism: string, password = APP.password) => ({ KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: APP.username, KAFKA_SASL_PASSWORD: password });
  /** The first connection's error, without kafkajs' retries (they only repeat it). */
  const refusal = async (options: KafkaOptions): Promise<Error> => {
    const admin = new Kafka({ ...kafkaJsConfig(options), retry: { retries: 0 } }).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
    } catch (error) {
      return error as Error;
    } finally {
      await admin.disconnect();
    }
    throw new Error('the connection was not refused');
  };

  it('produces, consumes and administers over SASL_SSL with SCRAM-SHA-512: a real round trip', async () => {
    const kafka = createKafka(connection(ports.sasl, scram('scram-sha-512')));
    const topic = `spec.tls.${randomBytes(4).toString('hex')}`;
    expect(await ensureTopics(kafka, [{ topic, numPartitions: 1 }])).toEqual([topic]);
    const received: string[] = [];
    const consumer = await runConsumer(kafka, { groupId: `${topic}.group`, topics: [topic], fromBeginning: true, handler: async (message) => void received.push(String(message.value)) });
    const producer = new EventProducer(kafka);
    const health = kafkaHealth(kafka);
    try {
      await producer.connect();
      await producer.send(topic, { key: 'room-1', value: 'over sasl_ssl' });
      await waitFor(() => (received.length ? received : undefined), 30_000, 'the message back');
      expect(received).toEqual(['over sasl_ssl']);
      await expect(health()).resolves.toBeUndefined();
    } finally {
      await Promise.all([consumer.stop(), producer.disconnect(), health.close()]);
    }
  }, 60_000);

  it.each([['scram-sha-256'], ['plain']])('authenticates with %s too', async (mechanism) => {
    const health = kafkaHealth(createKafka(connection(ports.sasl, scram(mechanism))), { timeoutMs: 10_000 });
    try {
      await expect(health()).resolves.toBeUndefined();
    } finally {
      await health.close();
    }
  }, 20_000);

  it('presents the client certificate to a listener that requires one, which refuses a client without it', async () => {
    const withCertificate = kafkaHealth(createKafka(connection(ports.mtls, { KAFKA_TLS_CERT_FILE: pki.client.cert, KAFKA_TLS_KEY_FILE: pki.client.key })), { timeoutMs: 10_000 });
    try {
      await expect(withCertificate()).resolves.toBeUndefined();
    } finally {
      await withCertificate.close();
    }
    expect((await refusal(connection(ports.mtls, {}))).message).toMatch(/Connection error|Closed connection|certificate required/);
  }, 20_000);

  it('is refused a wrong password, saying why', async () => {
    const error = await refusal(connection(ports.sasl, scram('scram-sha-512', WRONG_PASSWORD)));
    expect(error.name).toBe('KafkaJSSASLAuthenticationError');
    expect(error.message).toContain('SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512');
  });

  it('refuses a broker whose certificate its CA did not sign, and is refused in plaintext', async () => {
    const untrusted = await refusal(connection(ports.sasl, { ...scram('scram-sha-512'), KAFKA_TLS_CA_FILE: pki.otherCa }));
    expect(untrusted.message).toContain('unable to verify the first certificate');
    const plaintext = await refusal(connection(ports.sasl, { ...scram('scram-sha-256'), KAFKA_TLS: 'false', KAFKA_TLS_CA_FILE: '' }));
    expect(plaintext.message).toMatch(/Closed connection|Connection error/);
  });

  it('refuses a broker whose certificate, from the trusted CA, names another host', async () => {
    expect((await refusal(connection(ports.misnamed, {}))).message).toContain("Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list");
  });

  it('never logs a password, even at debug level', () => {
    expect(logged.some((line) => line.includes('SASL'))).toBe(true);
    for (const secret of [APP.password, WRONG_PASSWORD]) expect(logged.join('\n')).not.toContain(secret);
  });
});
