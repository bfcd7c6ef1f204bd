import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { K8sObject, RenderCase, RenderResult, renderCases, workspace } from './report';

// What the values can say and what they cannot: secrets that render the same every time (or a
// clear failure), prometheus-operator objects only where the operator is, values schemas that
// name the wrong field, and the workload knobs platform teams expect.
const SERVICES = ['gateway', 'room', 'gift', 'scheduler', 'danmaku-push', 'ingest', 'playback'];
const MONITORING = ['--api-versions', 'monitoring.coreos.com/v1'];
const GATEWAY_API = ['--api-versions', 'gateway.networking.k8s.io/v1'];
const KEYS = {
  MYSQL_PASSWORD: 'db-password',
  REDIS_PASSWORD: 'redis-password',
  JWT_HS256_SECRET: 'test-jwt-hs256-secret-0000000000000000',
  JOIN_TOKEN_SECRET: 'test-join-token-secret-000000000000000',
  PLAYBACK_SIGNING_SECRET: 'test-playback-signing-secret-000000000',
  STREAM_KEY_SECRET: 'test-stream-key-secret',
  FLV_ORIGIN_SECRET: 'test-flv-origin-secret-00000000000000000',
  OPS_TOKEN: 'test-ops-token-000000000000000000000000',
};
const keys = Object.entries(KEYS).flatMap(([name, value]) => ['--set', `global.secrets.values.${name}=${value}`]);
const existing = ['--set', 'global.secrets.existingSecret=managed'];

/** A library template's YAML body (`{{- define "<name>" -}} … {{- end -}}`). */
function libraryDefaults(file: string, name: string): Record<string, unknown> {
  const text = readFileSync(join(workspace, 'helm/ovation-lib/templates', file), 'utf8');
  const start = text.indexOf(`{{- define "${name}" -}}`);
  return parse(text.slice(text.indexOf('\n', start), text.indexOf('{{- end -}}', start)));
}

const defaults = { ...libraryDefaults('_service-defaults.tpl', 'ovation-lib.serviceDefaults'), global: libraryDefaults('_global.tpl', 'ovation-lib.globalDefaults') };
const scratch = mkdtempSync(join(tmpdir(), 'ovation-helm-values-'));
const defaultsFile = join(scratch, 'library-defaults.yaml');
writeFileSync(defaultsFile, JSON.stringify(defaults));

const CASES = {
  noSecrets: {},
  keysOnce: { args: keys },
  keysTwice: { args: keys },
  bothSecretSources: { args: [...keys, ...existing] },
  existingWithKeyNames: { args: [...existing, '--set', 'global.secrets.keys.MYSQL_PASSWORD=mysql-password'], existingSecret: 'managed' },
  monitoringApi: { args: [...keys, ...MONITORING] },
  monitoringForcedOff: { args: [...keys, ...MONITORING, '--set', 'global.serviceMonitor.enabled=false', '--set', 'alerts.enabled=false'] },
  monitoringForcedOn: { args: [...keys, '--set', 'global.serviceMonitor.enabled=true', '--set', 'alerts.enabled=true'] },
  wrongType: { args: [...keys, '--set', 'gateway.autoscaling.minReplicas=two'] },
  globalTypo: { args: [...keys, '--set', 'global.kafak.brokers={kafka:9092}'] },
  serviceTypo: { args: [...keys, '--set', 'gatway.enabled=false'] },
  shortSigningKey: { args: [...keys, '--set', 'global.secrets.values.JOIN_TOKEN_SECRET=short'] },
  libraryDefaults: { chart: 'gateway', args: ['--values', defaultsFile, ...existing] },
  knobs: {
    args: [
      ...keys,
      ...MONITORING,
      '--set', 'gateway.image.digest=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      '--set', 'gateway.serviceAccount.annotations.iam\\.example\\.com/role=ovation-gateway',
      '--set', 'room.serviceAccount.create=false',
      '--set', 'gift.serviceAccount.create=false', '--set', 'gift.serviceAccount.name=payments',
      '--set', 'gateway.podSecurityContext.runAsUser=20000',
      '--set', 'gateway.securityContext.capabilities.add={NET_BIND_SERVICE}',
      '--set', 'gateway.priorityClassName=ovation-critical',
      '--set', 'gateway.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key=pool',
      '--set', 'gateway.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator=In',
      '--set', 'gateway.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values={edge}',
      '--set', 'gateway.extraEnv[0].name=TRUST_PROXY_HOPS', '--set-string', 'gateway.extraEnv[0].value=2',
      '--set', 'gateway.extraEnv[1].name=LOG_LEVEL', '--set', 'gateway.extraEnv[1].value=debug',
      '--set', 'gateway.envFrom[0].configMapRef.name=gateway-extra',
    ],
  },
  httpRoutes: { args: [...keys, ...MONITORING, ...GATEWAY_API, ...SERVICES.flatMap((s) => ['--set', `${s}.httpRoute.enabled=true`, '--set', `${s}.httpRoute.parentRefs[0].name=public`])] },
  httpRoutesNoApi: { args: [...keys, ...SERVICES.flatMap((s) => ['--set', `${s}.httpRoute.enabled=true`, '--set', `${s}.httpRoute.parentRefs[0].name=public`])] },
  httpRouteNoParent: { args: [...keys, ...GATEWAY_API, '--set', 'playback.httpRoute.enabled=true'] },
} satisfies Record<string, RenderCase>;

describe('chart values', () => {
  let r: Record<keyof typeof CASES, RenderResult>;

  beforeAll(() => {
    const results = renderCases(Object.values(CASES));
    r = Object.fromEntries(Object.keys(CASES).map((name, i) => [name, results[i]])) as typeof r;
  }, 180_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const of = (result: RenderResult, kind: string) => result.objects.filter((o) => o.kind === kind);
  const named = (result: RenderResult, kind: string, name: string) => result.objects.find((o) => o.kind === kind && o.metadata.name === name)!;
  const pod = (result: RenderResult, service: string) => named(result, 'Deployment', `ovation-${service}`).spec.template.spec;
  const env = (result: RenderResult, service: string) => pod(result, service).containers[0].env as Array<{ name: string; value?: string; valueFrom?: any }>;
  const decoded = (secret: K8sObject) => Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));

  describe('secrets', () => {
    it('fail to render when neither values nor an existing Secret give the keys, naming what is missing', () => {
      expect(r.noSecrets.ok).toBe(false);
      expect(r.noSecrets.output).toMatch(/ovation-\S+ reads the secret variables [A-Z_, ]+, which neither global\.secrets\.values nor global\.secrets\.existingSecret gives/);
      expect(r.noSecrets.output).toContain('global.secrets.values.');
    });

    it('render the same Secrets from the same values, every time (nothing generated, nothing read back)', () => {
      expect(of(r.keysOnce, 'Secret').length).toBeGreaterThan(0);
      expect(of(r.keysTwice, 'Secret')).toEqual(of(r.keysOnce, 'Secret'));
    });

    it('give each service its own Secret with exactly the keys it reads, before its migration Job', () => {
      const secrets = Object.fromEntries(of(r.keysOnce, 'Secret').map((s) => [s.metadata.name, decoded(s)]));
      expect(secrets).toEqual({
        'ovation-gateway': { REDIS_PASSWORD: KEYS.REDIS_PASSWORD, JWT_HS256_SECRET: KEYS.JWT_HS256_SECRET, JOIN_TOKEN_SECRET: KEYS.JOIN_TOKEN_SECRET, PLAYBACK_SIGNING_SECRET: KEYS.PLAYBACK_SIGNING_SECRET },
        'ovation-room': { MYSQL_PASSWORD: KEYS.MYSQL_PASSWORD, REDIS_PASSWORD: KEYS.REDIS_PASSWORD, STREAM_KEY_SECRET: KEYS.STREAM_KEY_SECRET },
        'ovation-gift': { MYSQL_PASSWORD: KEYS.MYSQL_PASSWORD, REDIS_PASSWORD: KEYS.REDIS_PASSWORD },
        'ovation-scheduler': { REDIS_PASSWORD: KEYS.REDIS_PASSWORD },
        'ovation-danmaku-push': { MYSQL_PASSWORD: KEYS.MYSQL_PASSWORD, REDIS_PASSWORD: KEYS.REDIS_PASSWORD, JOIN_TOKEN_SECRET: KEYS.JOIN_TOKEN_SECRET, OPS_TOKEN: KEYS.OPS_TOKEN },
        'ovation-playback': { PLAYBACK_SIGNING_SECRET: KEYS.PLAYBACK_SIGNING_SECRET, FLV_ORIGIN_SECRET: KEYS.FLV_ORIGIN_SECRET },
        'ovation-ingest': { FLV_ORIGIN_SECRET: KEYS.FLV_ORIGIN_SECRET },
      });
      for (const secret of of(r.keysOnce, 'Secret')) expect(secret.metadata.annotations?.['helm.sh/hook-weight']).toBe('-10');
      for (const job of of(r.keysOnce, 'Job')) expect(Number(job.metadata.annotations?.['helm.sh/hook-weight'])).toBeGreaterThan(-10);
    });

    it('refuse both an existing Secret and values', () => {
      expect(r.bothSecretSources.ok).toBe(false);
      expect(r.bothSecretSources.output).toContain('global.secrets: set existingSecret (a Secret you manage) or values (the chart renders the Secret), not both');
    });

    it('read an existing Secret under the key names it maps, rendering none', () => {
      const { existingWithKeyNames: result } = r;
      expect(of(result, 'Secret')).toEqual([]);
      const ref = (service: string, name: string) => env(result, service).find((e) => e.name === name)?.valueFrom.secretKeyRef;
      expect(ref('room', 'MYSQL_PASSWORD')).toEqual({ name: 'managed', key: 'mysql-password' });
      expect(ref('room', 'STREAM_KEY_SECRET')).toEqual({ name: 'managed', key: 'STREAM_KEY_SECRET' });
      expect(ref('gateway', 'REDIS_PASSWORD')).toEqual({ name: 'managed', key: 'REDIS_PASSWORD', optional: true });
    });
  });

  describe('prometheus-operator objects', () => {
    const monitoring = (result: RenderResult) => [...of(result, 'ServiceMonitor'), ...of(result, 'PrometheusRule')].map((o) => `${o.kind}/${o.metadata.name}`).sort();
    const all = [...SERVICES.map((s) => `ServiceMonitor/ovation-${s}`), 'PrometheusRule/ovation-ovation-alerts'].sort();

    it('render only where the cluster serves monitoring.coreos.com/v1', () => {
      expect(monitoring(r.keysOnce)).toEqual([]);
      expect(monitoring(r.monitoringApi)).toEqual(all);
      expect(r.monitoringApi.violations).toEqual([]);
    });

    it('can be forced off and on', () => {
      expect(monitoring(r.monitoringForcedOff)).toEqual([]);
      expect(monitoring(r.monitoringForcedOn)).toEqual(all);
    });
  });

  describe('values schemas', () => {
    it('refuse a wrong type, naming the chart and the field', () => {
      expect(r.wrongType.ok).toBe(false);
      expect(r.wrongType.output).toMatch(/gateway:\n- at '\/autoscaling\/minReplicas': got string, want integer/);
    });

    it('refuse an unknown key (a typo), naming it', () => {
      expect(r.globalTypo.ok).toBe(false);
      expect(r.globalTypo.output).toMatch(/at '\/global': additional properties 'kafak' not allowed/);
      expect(r.serviceTypo.ok).toBe(false);
      expect(r.serviceTypo.output).toMatch(/ovation:\n- at '': additional properties 'gatway' not allowed/);
    });

    it('refuse a signing key shorter than the services accept', () => {
      expect(r.shortSigningKey.ok).toBe(false);
      expect(r.shortSigningKey.output).toContain("at '/global/secrets/values/JOIN_TOKEN_SECRET': minLength: got 5, want 32");
    });

    it('are generated from tools/helm/schema.mjs and up to date', () => {
      const check = spawnSync(process.execPath, [join(workspace, 'tools/helm/schema.mjs'), '--check'], { encoding: 'utf8' });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    });

    it("accept the library's defaults and name each of them", () => {
      expect(r.libraryDefaults.output).not.toContain('Error');
      expect(r.libraryDefaults.ok).toBe(true);
      const schema = JSON.parse(readFileSync(join(workspace, 'helm/gateway/values.schema.json'), 'utf8'));
      const defaults = libraryDefaults('_service-defaults.tpl', 'ovation-lib.serviceDefaults');
      const chartOnly = ['ovation-lib', 'enabled', 'global', 'service'];
      expect(Object.keys(schema.properties).filter((k) => !chartOnly.includes(k)).sort()).toEqual(Object.keys(defaults).sort());
      expect(Object.keys(schema.properties.global.properties).sort()).toEqual(Object.keys(libraryDefaults('_global.tpl', 'ovation-lib.globalDefaults')).sort());
    });
  });

  describe('workload knobs', () => {
    it('pin an image by digest', () => {
      expect(pod(r.knobs, 'gateway').containers[0].image).toBe('ovation@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
      expect(pod(r.knobs, 'room').containers[0].image).toBe('ovation:0.1.0');
    });

    it('create, name and annotate service accounts, or use an existing one', () => {
      expect(named(r.knobs, 'ServiceAccount', 'ovation-gateway').metadata.annotations).toEqual({ 'iam.example.com/role': 'ovation-gateway' });
      expect(of(r.knobs, 'ServiceAccount').map((a) => a.metadata.name).sort()).toEqual(['ovation-danmaku-push', 'ovation-gateway', 'ovation-ingest', 'ovation-playback', 'ovation-scheduler']);
      expect(pod(r.knobs, 'room').serviceAccountName).toBe('default');
      expect(pod(r.knobs, 'gift').serviceAccountName).toBe('payments');
      expect(pod(r.knobs, 'gateway').serviceAccountName).toBe('ovation-gateway');
    });

    it('override the security contexts key by key, keeping the rest locked down', () => {
      expect(pod(r.knobs, 'gateway').securityContext).toEqual({ runAsNonRoot: true, runAsUser: 20000, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod(r.knobs, 'gateway').containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } });
    });

    it('take affinity and a priority class', () => {
      const spec = pod(r.knobs, 'gateway');
      expect(spec.priorityClassName).toBe('ovation-critical');
      expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0]).toEqual({ key: 'pool', operator: 'In', values: ['edge'] });
      expect(pod(r.knobs, 'room').priorityClassName).toBeUndefined();
    });

    it('add extraEnv (a variable the chart sets is replaced in its place) and envFrom', () => {
      const vars = env(r.knobs, 'gateway');
      expect(vars.filter((e) => e.name === 'LOG_LEVEL')).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
      expect(vars.findIndex((e) => e.name === 'LOG_LEVEL')).toBeLessThan(vars.findIndex((e) => e.name === 'HTTP_PORT'));
      expect(vars.at(-1)).toEqual({ name: 'TRUST_PROXY_HOPS', value: '2' });
      expect(pod(r.knobs, 'gateway').containers[0].envFrom).toEqual([{ configMapRef: { name: 'gateway-extra' } }]);
      expect(r.knobs.validation.filter((v) => v.errors.length)).toEqual([]);
    });

    it('route through the Gateway API instead of an Ingress where the cluster serves it', () => {
      const routes = Object.fromEntries(of(r.httpRoutes, 'HTTPRoute').map((h) => [h.metadata.name, h.spec]));
      expect(Object.keys(routes).sort()).toEqual(['ovation-danmaku-push', 'ovation-gateway', 'ovation-playback']);
      expect(routes['ovation-playback']).toEqual({
        parentRefs: [{ name: 'public' }],
        hostnames: ['playback.ovation.local'],
        rules: [{ matches: ['/live', '/vod', '/thumbnails'].map((value) => ({ path: { type: 'PathPrefix', value } })), backendRefs: [{ name: 'ovation-playback', port: 8082 }] }],
      });
      expect(routes['ovation-danmaku-push'].rules[0].backendRefs).toEqual([{ name: 'ovation-danmaku-push', port: 8090 }]);
      expect(r.httpRoutes.validation.filter((v) => v.errors.length)).toEqual([]);
      expect(r.httpRoutes.violations).toEqual([]);
      expect(of(r.httpRoutesNoApi, 'HTTPRoute')).toEqual([]);
      expect(r.httpRouteNoParent.ok).toBe(false);
      expect(r.httpRouteNoParent.output).toContain('httpRoute.parentRefs: name the Gateway (and listener) the route attaches to');
    });
  });
});
