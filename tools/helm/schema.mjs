// The values.schema.json of every chart, generated from this one source: the service charts share
// one schema (their values are the library's service defaults, helm/ovation-lib/templates/
// _service-defaults.tpl, plus what a chart adds), and every chart shares the schema of `global`
// (_global.tpl). helm validates values against them before rendering, so a wrong type or an
// unknown key (a typo) fails naming the field.
//   node tools/helm/schema.mjs           writes helm/*/values.schema.json
//   node tools/helm/schema.mjs --check   exit 1 when a committed file differs from what this makes
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartNames, LIBRARY, root, UMBRELLA } from './charts.mjs';

const string = (extra = {}) => ({ type: 'string', ...extra });
const integer = (minimum, maximum) => ({ type: 'integer', ...(minimum !== undefined && { minimum }), ...(maximum !== undefined && { maximum }) });
const boolean = { type: 'boolean' };
const port = integer(1, 65535);
const object = (properties, extra = {}) => ({ type: 'object', additionalProperties: false, properties, ...extra });
const mapOf = (values, extra = {}) => ({ type: 'object', additionalProperties: values, ...extra });
const arrayOf = (items, extra = {}) => ({ type: 'array', items, ...extra });
/** Kubernetes objects passed through verbatim (the API server validates them): any object. */
const kubernetes = (description) => ({ type: 'object', description });
const labels = mapOf(string());
const quantity = { type: ['string', 'number'] };
const envName = '^[A-Za-z_][A-Za-z0-9_]*$';
/** true/false forces prometheus-operator objects on or off; "auto" follows the cluster's API. */
const monitoringSwitch = { enum: [true, false, 'auto'], description: 'true or false forces it; auto: when the cluster serves monitoring.coreos.com/v1' };

/** The secret variables and the shortest value each service accepts (the services' config schemas). */
const SECRETS = {
  MYSQL_PASSWORD: string(),
  REDIS_PASSWORD: string(),
  KAFKA_SASL_PASSWORD: string({ minLength: 1 }),
  JWT_HS256_SECRET: string({ minLength: 32 }),
  JOIN_TOKEN_SECRET: string({ minLength: 32 }),
  PLAYBACK_SIGNING_SECRET: string({ minLength: 32 }),
  STREAM_KEY_SECRET: string({ minLength: 16 }),
  FLV_ORIGIN_SECRET: string({ minLength: 32 }),
  OPS_TOKEN: string({ minLength: 32 }),
};
const secretNames = Object.keys(SECRETS);

/** A link's TLS: the Secret holds cert-manager's keys (ca.crt; tls.crt and tls.key for a client certificate). */
const linkTls = (extra = {}) =>
  object({
    enabled: boolean,
    secretName: string({ description: 'a Secret with ca.crt (and tls.crt, tls.key when clientCertificate); empty: the system CAs' }),
    clientCertificate: { ...boolean, description: 'present tls.crt and tls.key (mutual TLS)' },
    ...extra,
  });

const resources = object({ requests: mapOf(quantity), limits: mapOf(quantity), claims: arrayOf(kubernetes('ResourceClaim')) });

export const globalSchema = object({
  image: object({
    repository: string({ minLength: 1 }),
    tag: string(),
    pullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] },
    pullSecrets: arrayOf(string({ minLength: 1 })),
  }),
  logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] },
  kafka: object({
    brokers: arrayOf(string({ pattern: '^\\S+:\\d+$' }), { minItems: 1 }),
    namespace: string(),
    topicPartitions: integer(1, 1024),
    topicReplication: integer(1, 7),
    retentionHours: integer(1, 24 * 365),
    tls: linkTls(),
    sasl: object({ mechanism: { enum: ['none', 'plain', 'scram-sha-256', 'scram-sha-512'] }, username: string({ description: 'the password is KAFKA_SASL_PASSWORD (secrets)' }) }),
  }),
  mysql: object({
    host: string({ minLength: 1 }),
    port,
    user: string({ minLength: 1 }),
    tls: linkTls({ verifyHostname: { ...boolean, description: 'the certificate must name host (verify-full); false: the chain only (verify-ca)' } }),
  }),
  redis: object({
    url: string({ pattern: '^rediss?://' }),
    clusterNodes: arrayOf(string({ pattern: '^\\S+:\\d+$' })),
    keyPrefix: string(),
    username: string({ description: 'the ACL user (empty: the default user); the password is REDIS_PASSWORD (secrets)' }),
    tls: linkTls({ serverName: string({ description: 'the name the certificates carry, when not the address connected to' }) }),
  }),
  otel: object({ endpoint: string(), protocol: { enum: ['http/protobuf', 'http/json', 'grpc'] }, samplerRatio: { type: ['string', 'number'] } }),
  auth: object({ jwtIssuer: string({ minLength: 1 }), jwtAudience: string({ minLength: 1 }), jwksUrl: string({ pattern: '^(https?://\\S+)?$' }) }),
  publicUrls: object({
    gateway: string({ pattern: '^https?://\\S+$' }),
    playback: string({ pattern: '^https?://\\S+$' }),
    rtmp: string({ pattern: '^rtmps?://\\S+$' }),
    push: string({ pattern: '^(wss?://\\S+(,\\s*wss?://\\S+)*)?$', description: 'PUSH_FALLBACK_URLS; behind the Ingress also every push node\'s URL' }),
  }),
  grpcPorts: object(Object.fromEntries(['room', 'gift', 'scheduler', 'danmaku-push', 'ingest', 'playback'].map((s) => [s, port]))),
  grpcDeadlineMs: integer(50, 60_000),
  secrets: object({
    existingSecret: string({ description: 'a Secret you manage; the charts render none' }),
    keys: object(Object.fromEntries(secretNames.map((n) => [n, string({ minLength: 1 })])), { description: "existingSecret's key of a variable when it is not the variable's name" }),
    values: object(SECRETS, { description: 'the values themselves: each service chart renders its own Secret from them' }),
  }),
  serviceMonitor: object({ enabled: monitoringSwitch, interval: string({ pattern: '^\\d+(ms|s|m|h)$' }), labels }),
});

const ingressPath = object({ path: string({ pattern: '^/' }), pathType: { enum: ['Prefix', 'Exact', 'ImplementationSpecific'] } }, { required: ['path'] });

/** The values every service chart has: the library's service defaults. */
/** helm gives every dependency a values key, the library chart's (empty) included. */
const libraryValues = { [LIBRARY]: { type: 'object', description: 'added by helm for the library chart; unused' } };

const serviceProperties = {
  ...libraryValues,
  enabled: { ...boolean, description: 'umbrella only: install this service' },
  global: globalSchema,
  image: object({ repository: string(), tag: string(), suffix: string(), digest: string({ pattern: '^(sha256:[a-f0-9]{64})?$' }) }),
  replicaCount: integer(0),
  ports: mapOf(port, { propertyNames: { pattern: '^[A-Z][A-Z0-9_]*_PORT$' } }),
  advertise: mapOf(string(), { propertyNames: { pattern: envName } }),
  uses: object({ mysql: boolean, redis: boolean, kafka: boolean, auth: boolean }),
  mysqlDatabase: string(),
  secretEnv: arrayOf({ enum: secretNames }),
  config: mapOf({ type: ['string', 'number', 'boolean'] }, { propertyNames: { pattern: envName } }),
  extraEnv: arrayOf({ type: 'object', required: ['name'], properties: { name: string({ pattern: envName }), value: string(), valueFrom: kubernetes('EnvVarSource') }, additionalProperties: false }),
  envFrom: arrayOf(kubernetes('EnvFromSource')),
  resources,
  probes: object({ startupFailureThreshold: integer(1) }),
  preStopDelaySeconds: integer(0),
  terminationGracePeriodSeconds: integer(0),
  drain: object({ enabled: boolean, path: string({ pattern: '^/' }), timeoutSeconds: integer(1), connectionsMetric: string({ minLength: 1 }) }),
  autoscaling: object({
    enabled: boolean,
    minReplicas: integer(1),
    maxReplicas: integer(1),
    targetCPUUtilizationPercentage: integer(0, 100),
    podsMetric: { oneOf: [{ type: 'null' }, object({ name: string({ minLength: 1 }), averageValue: string({ minLength: 1 }) }, { required: ['name', 'averageValue'] })] },
    behavior: kubernetes('HorizontalPodAutoscalerBehavior'),
  }),
  pdb: object({ maxUnavailable: { type: ['integer', 'string'] } }),
  migrations: object({ enabled: boolean, backoffLimit: integer(0), activeDeadlineSeconds: integer(1), resources }),
  ingress: object({
    enabled: boolean,
    className: string(),
    annotations: labels,
    port: string({ pattern: '^[A-Z][A-Z0-9_]*_PORT$' }),
    hosts: arrayOf(object({ host: string({ minLength: 1 }), paths: arrayOf(ingressPath, { minItems: 1 }) }, { required: ['host', 'paths'] })),
    tls: arrayOf(kubernetes('IngressTLS')),
  }),
  httpRoute: object({ enabled: boolean, parentRefs: arrayOf(kubernetes('ParentReference')), annotations: labels, labels }),
  publicService: object({
    enabled: boolean,
    type: { enum: ['LoadBalancer', 'NodePort', 'ClusterIP'] },
    annotations: labels,
    ports: arrayOf(object({ name: string({ pattern: '^[A-Z][A-Z0-9_]*_PORT$' }), port, nodePort: integer(30000, 32767) }, { required: ['name', 'port'] })),
  }),
  mediaVolume: object({ enabled: boolean, env: string({ pattern: envName }), mountPath: string({ pattern: '^/' }), existingClaim: string(), sizeLimit: quantity }),
  tmpSizeLimit: quantity,
  serviceAccount: object({ create: boolean, name: string(), annotations: labels }),
  podSecurityContext: kubernetes('PodSecurityContext'),
  securityContext: kubernetes('SecurityContext'),
  podAnnotations: labels,
  nodeSelector: labels,
  tolerations: arrayOf(kubernetes('Toleration')),
  affinity: kubernetes('Affinity'),
  priorityClassName: string(),
};

/** What one service chart adds to the shared values. */
const SERVICE_EXTRAS = {
  'danmaku-push': {
    pushUrl: object({
      mode: { enum: ['ingress', 'pod'], description: "ingress: every node registers global.publicUrls.push; pod: each registers podUrl ($(VAR)s expanded per pod)" },
      podUrl: string({ pattern: '^wss?://\\S+$' }),
    }),
  },
  ingest: {
    rtmpUrl: object({
      mode: { enum: ['shared', 'pod'], description: 'shared: every node registers global.publicUrls.rtmp; pod: each registers podUrl ($(VAR)s expanded per pod)' },
      podUrl: string({ pattern: '^rtmps?://\\S+$' }),
    }),
  },
};

const document = (title, schema) => ({ $schema: 'http://json-schema.org/draft-07/schema#', title, ...schema });

export function serviceSchema(service) {
  return document(`values of the ${service} chart`, object({ ...serviceProperties, service: { const: service }, ...SERVICE_EXTRAS[service] }));
}

export function umbrellaSchema(services) {
  const service = { type: 'object', properties: { enabled: boolean }, description: "the service chart's values, validated by its own schema" };
  return document(
    'values of the ovation umbrella chart',
    object({
      ...libraryValues,
      global: globalSchema,
      ...Object.fromEntries(services.map((s) => [s, service])),
      dashboards: object({ enabled: boolean, labels, folder: string() }),
      alerts: object({
        enabled: monitoringSwitch,
        labels,
        errorRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        p99LatencySeconds: { type: 'number', exclusiveMinimum: 0 },
        sendGiftP99Seconds: { type: 'number', exclusiveMinimum: 0 },
        consumerLagMessages: integer(1),
        outboxLagSeconds: { type: 'number', exclusiveMinimum: 0 },
        ffmpegFailuresPer10m: integer(1),
        slowConsumerDisconnectsPerSecond: { type: 'number', exclusiveMinimum: 0 },
      }),
    }),
  );
}

/** Every generated file: path under helm/ → its text. */
export function schemaFiles() {
  const services = chartNames().filter((c) => c !== LIBRARY && c !== UMBRELLA);
  const text = (schema) => `${JSON.stringify(schema, null, 2)}\n`;
  return Object.fromEntries([...services.map((s) => [`${s}/values.schema.json`, text(serviceSchema(s))]), [`${UMBRELLA}/values.schema.json`, text(umbrellaSchema(services))]]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [path, text] of Object.entries(schemaFiles())) {
    const file = join(root, 'helm', path);
    if (!check) writeFileSync(file, text);
    else if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(`helm/${path}`);
  }
  if (stale.length) {
    console.error(`out of date (regenerate with node tools/helm/schema.mjs): ${stale.join(', ')}`);
    process.exitCode = 1;
  }
}
