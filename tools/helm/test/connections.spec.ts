import { K8sObject, RenderCase, RenderResult, renderNamedCases } from './report';

// TLS and SASL of the Kafka, MySQL and Redis links from the values: the variables each service
// reads, passwords from its Secret, CA bundles and client certificates mounted from Secrets with
// cert-manager's keys, in the pods and the migration Jobs; and the mistakes refused at render.
const KEYS = {
  MYSQL_PASSWORD: 'db-password',
  REDIS_PASSWORD: 'redis-password',
  KAFKA_SASL_PASSWORD: 'kafka-password',
  JWT_HS256_SECRET: 'test-jwt-hs256-secret-0000000000000000',
  JOIN_TOKEN_SECRET: 'test-join-token-secret-000000000000000',
  PLAYBACK_SIGNING_SECRET: 'test-playback-signing-secret-000000000',
  STREAM_KEY_SECRET: 'test-stream-key-secret',
  FLV_ORIGIN_SECRET: 'test-flv-origin-secret-00000000000000000',
  OPS_TOKEN: 'test-ops-token-000000000000000000000000',
};
const set = (values: Record<string, string | number | boolean>) => Object.entries(values).flatMap(([key, value]) => ['--set', `${key}=${value}`]);
// The policy wants a ServiceMonitor for every service: render for a cluster with prometheus-operator.
const keys = (omit: string[] = []) => ['--api-versions', 'monitoring.coreos.com/v1', ...set(Object.fromEntries(Object.entries(KEYS).filter(([name]) => !omit.includes(name)).map(([name, value]) => [`global.secrets.values.${name}`, value])))];
const SECURED = {
  'global.kafka.tls.enabled': true,
  'global.kafka.tls.secretName': 'kafka-client-tls',
  'global.kafka.tls.clientCertificate': true,
  'global.kafka.sasl.mechanism': 'scram-sha-512',
  'global.kafka.sasl.username': 'ovation',
  'global.mysql.host': 'mysql-primary.data',
  'global.mysql.tls.enabled': true,
  'global.mysql.tls.secretName': 'mysql-client-tls',
  'global.redis.clusterNodes': '{redis-0.data:6379,redis-1.data:6379}',
  'global.redis.username': 'ovation',
  'global.redis.tls.enabled': true,
  'global.redis.tls.secretName': 'redis-client-tls',
  'global.redis.tls.serverName': 'redis.data',
};

const CASES = {
  plain: { args: keys() },
  secured: { args: [...keys(), ...set(SECURED)] },
  chainOnly: { args: [...keys(), ...set({ 'global.mysql.tls.enabled': true, 'global.mysql.tls.verifyHostname': false, 'global.mysql.tls.secretName': 'mysql-ca' })] },
  existingSecret: { args: ['--api-versions', 'monitoring.coreos.com/v1', ...set({ 'global.secrets.existingSecret': 'managed', 'global.secrets.keys.KAFKA_SASL_PASSWORD': 'kafka-password' }), ...set(SECURED)], existingSecret: 'managed' },
  saslWithoutPassword: { args: [...keys(['KAFKA_SASL_PASSWORD']), ...set({ 'global.kafka.sasl.mechanism': 'scram-sha-256', 'global.kafka.sasl.username': 'ovation' })] },
  saslWithoutUsername: { args: [...keys(), ...set({ 'global.kafka.sasl.mechanism': 'scram-sha-256' })] },
  plainWithoutTls: { args: [...keys(), ...set({ 'global.kafka.sasl.mechanism': 'plain', 'global.kafka.sasl.username': 'key' })] },
  clientCertificateWithoutSecret: { args: [...keys(), ...set({ 'global.redis.tls.enabled': true, 'global.redis.tls.clientCertificate': true })] },
  secretWithoutTls: { args: [...keys(), ...set({ 'global.mysql.tls.secretName': 'mysql-ca' })] },
  unknownMechanism: { args: [...keys(), ...set({ 'global.kafka.sasl.mechanism': 'gssapi' })] },
  fileOutsideMounts: { args: [...keys(), ...set({ ...SECURED, 'room.config.KAFKA_TLS_CA_FILE': '/elsewhere/ca.crt' })] },
} satisfies Record<string, RenderCase>;

describe('TLS and SASL to Kafka, MySQL and Redis from the values', () => {
  let r: Record<keyof typeof CASES, RenderResult>;

  beforeAll(() => {
    r = renderNamedCases(CASES);
  }, 180_000);

  const named = (result: RenderResult, kind: string, name: string): K8sObject => result.objects.find((o) => o.kind === kind && o.metadata.name === name)!;
  const podOf = (result: RenderResult, kind: 'Deployment' | 'Job', name: string) => named(result, kind, name).spec.template.spec;
  const connectionVariables = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).filter(([name]) => /_TLS|_SASL_|^REDIS_(USERNAME|PASSWORD)$/.test(name)));
  const decoded = (secret: K8sObject) => Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));

  it('set nothing of it by default: plaintext links, no TLS volumes', () => {
    expect(connectionVariables(r.plain.env['ovation-room'])).toEqual({ REDIS_PASSWORD: KEYS.REDIS_PASSWORD });
    expect(podOf(r.plain, 'Deployment', 'ovation-room').volumes.map((v: { name: string }) => v.name)).toEqual(['tmp']);
    expect(r.plain.violations).toEqual([]);
  });

  it('give a service the variables of the links it uses, its passwords from its own Secret', () => {
    const tls = '/etc/ovation/tls';
    expect(connectionVariables(r.secured.env['ovation-room'])).toEqual({
      KAFKA_TLS: 'true',
      KAFKA_TLS_CA_FILE: `${tls}/kafka/ca.crt`,
      KAFKA_TLS_CERT_FILE: `${tls}/kafka/tls.crt`,
      KAFKA_TLS_KEY_FILE: `${tls}/kafka/tls.key`,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'ovation',
      KAFKA_SASL_PASSWORD: KEYS.KAFKA_SASL_PASSWORD,
      MYSQL_TLS_MODE: 'verify-full',
      MYSQL_TLS_CA_FILE: `${tls}/mysql/ca.crt`,
      REDIS_TLS: 'true',
      REDIS_TLS_CA_FILE: `${tls}/redis/ca.crt`,
      REDIS_TLS_SERVERNAME: 'redis.data',
      REDIS_USERNAME: 'ovation',
      REDIS_PASSWORD: KEYS.REDIS_PASSWORD,
    });
    // The gateway uses Redis only, playback Kafka only (the room events).
    expect(Object.keys(connectionVariables(r.secured.env['ovation-gateway'])).sort()).toEqual(['REDIS_PASSWORD', 'REDIS_TLS', 'REDIS_TLS_CA_FILE', 'REDIS_TLS_SERVERNAME', 'REDIS_USERNAME']);
    expect(Object.keys(connectionVariables(r.secured.env['ovation-playback'])).sort()).toEqual(['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_USERNAME', 'KAFKA_TLS', 'KAFKA_TLS_CA_FILE', 'KAFKA_TLS_CERT_FILE', 'KAFKA_TLS_KEY_FILE']);
    expect(decoded(named(r.secured, 'Secret', 'ovation-room')).KAFKA_SASL_PASSWORD).toBe(KEYS.KAFKA_SASL_PASSWORD);
    expect(decoded(named(r.secured, 'Secret', 'ovation-gateway'))).not.toHaveProperty('KAFKA_SASL_PASSWORD');
  });

  it('mount each link’s CA bundle (and client certificate) from its Secret, read-only, in the pods and the migration Jobs', () => {
    for (const [kind, name] of [['Deployment', 'ovation-gift'], ['Job', 'ovation-gift-migrate']] as const) {
      const pod = podOf(r.secured, kind, name);
      expect(pod.volumes.filter((v: { name: string }) => v.name.startsWith('tls-'))).toEqual([
        { name: 'tls-kafka', secret: { secretName: 'kafka-client-tls', defaultMode: 0o440, items: ['ca.crt', 'tls.crt', 'tls.key'].map((key) => ({ key, path: key })) } },
        { name: 'tls-mysql', secret: { secretName: 'mysql-client-tls', defaultMode: 0o440, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { name: 'tls-redis', secret: { secretName: 'redis-client-tls', defaultMode: 0o440, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      ]);
      expect(pod.containers[0].volumeMounts.filter((m: { name: string }) => m.name.startsWith('tls-'))).toEqual(
        ['kafka', 'mysql', 'redis'].map((link) => ({ name: `tls-${link}`, mountPath: `/etc/ovation/tls/${link}`, readOnly: true })),
      );
    }
    expect(podOf(r.secured, 'Deployment', 'ovation-scheduler').volumes.map((v: { name: string }) => v.name)).toEqual(['tmp', 'tls-redis']);
  });

  it('pass the policy and every service’s own config validation, rendered objects valid', () => {
    for (const result of [r.secured, r.chainOnly, r.existingSecret]) {
      expect(result.violations).toEqual([]);
      expect(result.validation.filter((v) => v.errors.length)).toEqual([]);
    }
  });

  it('verify only the chain when the host name is not checked', () => {
    expect(r.chainOnly.env['ovation-room'].MYSQL_TLS_MODE).toBe('verify-ca');
  });

  it('read the broker password from an existing Secret under the key it maps', () => {
    const env = podOf(r.existingSecret, 'Deployment', 'ovation-room').containers[0].env as Array<{ name: string; valueFrom?: unknown }>;
    expect(env.find((e) => e.name === 'KAFKA_SASL_PASSWORD')?.valueFrom).toEqual({ secretKeyRef: { name: 'managed', key: 'kafka-password' } });
  });

  it('refuse SASL without its password or user, PLAIN without TLS, an unknown mechanism', () => {
    expect(r.saslWithoutPassword.ok).toBe(false);
    expect(r.saslWithoutPassword.output).toMatch(/ovation-\S+ reads the secret variables KAFKA_SASL_PASSWORD, which neither global\.secrets\.values nor global\.secrets\.existingSecret gives/);
    expect(r.saslWithoutUsername.output).toContain('global.kafka.sasl.username: the scram-sha-256 user the services log in as');
    expect(r.plainWithoutTls.output).toContain('global.kafka.sasl.mechanism plain sends the password as it is: it needs global.kafka.tls.enabled: true');
    expect(r.unknownMechanism.output).toMatch(/at '\/global\/kafka\/sasl\/mechanism': value must be one of/);
    for (const result of [r.saslWithoutUsername, r.plainWithoutTls, r.unknownMechanism]) expect(result.ok).toBe(false);
  });

  it('refuse TLS files that could not be used', () => {
    expect(r.clientCertificateWithoutSecret.ok).toBe(false);
    expect(r.clientCertificateWithoutSecret.output).toContain('global.redis.tls.clientCertificate: name the Secret with tls.crt and tls.key in global.redis.tls.secretName');
    expect(r.secretWithoutTls.ok).toBe(false);
    expect(r.secretWithoutTls.output).toContain('global.mysql.tls: secretName and clientCertificate need global.mysql.tls.enabled: true');
  });

  it('catch a file variable pointing outside every mounted volume (policy)', () => {
    expect(r.fileOutsideMounts.violations.map((v) => `${v.rule} ${v.object}: ${v.message}`)).toEqual([
      'files Deployment/ovation-room container room: KAFKA_TLS_CA_FILE=/elsewhere/ca.crt is in no volume the container mounts',
      'files Job/ovation-room-migrate container migrate: KAFKA_TLS_CA_FILE=/elsewhere/ca.crt is in no volume the container mounts',
    ]);
  });
});
