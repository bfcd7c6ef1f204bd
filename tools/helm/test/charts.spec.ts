import { CheckReport, K8sObject, runHelmChecks } from './report';

// helm lint every chart, helm template the umbrella (default values and every example), every
// object valid against the Kubernetes / prometheus-operator / Gateway API schemas and the platform
// policy (loopback addresses and the services' own config validation included).
const SERVICES = ['gateway', 'room', 'gift', 'scheduler', 'danmaku-push', 'ingest', 'playback'];
const MIGRATING = ['room', 'gift', 'danmaku-push'];
const VALUE_SETS = ['default', 'hosts-values', 'production-values'];

describe('helm charts', () => {
  let report: CheckReport;

  beforeAll(() => {
    report = runHelmChecks();
  }, 180_000);

  const render = (name: string) => report.renders.find((r) => r.name === name)!;
  const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  it('lints every chart (--strict), the library and umbrella included', () => {
    expect(report.lints.map((l) => l.chart).sort()).toEqual([...SERVICES, 'ovation', 'ovation-lib'].sort());
    expect(report.lints.filter((l) => !l.ok)).toEqual([]);
  });

  it('renders the umbrella with default values and every example', () => {
    expect(report.renders.map((r) => r.name).sort()).toEqual(VALUE_SETS);
    for (const r of report.renders) {
      const deployments = r.objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort();
      expect(deployments).toEqual(SERVICES.map((s) => `ovation-${s}`).sort());
    }
  });

  it.each(VALUE_SETS)('every object rendered with %s values is valid against its schema', (name) => {
    const { validation } = render(name);
    expect(validation.length).toBeGreaterThan(40);
    expect(validation.filter((v) => v.errors.length)).toEqual([]);
  });

  it.each(VALUE_SETS)('every workload rendered with %s values passes the policy', (name) => {
    expect(render(name).violations).toEqual([]);
  });

  it('scales danmaku-push on connections per pod and ingest on active streams, the rest on CPU', () => {
    const { objects } = render('default');
    const metricOf = (service: string) => find(objects, 'HorizontalPodAutoscaler', `ovation-${service}`)!.spec.metrics;
    expect(metricOf('danmaku-push')).toEqual([{ type: 'Pods', pods: { metric: { name: 'ovation_push_connections' }, target: { type: 'AverageValue', averageValue: '20000' } } }]);
    expect(metricOf('ingest')).toEqual([{ type: 'Pods', pods: { metric: { name: 'ovation_ingest_active_streams' }, target: { type: 'AverageValue', averageValue: '4' } } }]);
    for (const service of ['gateway', 'room', 'gift', 'scheduler', 'playback']) {
      expect(metricOf(service)).toEqual([expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) })]);
    }
  });

  it('drains push nodes before they stop, within the grace period', () => {
    const pod = find(render('default').objects, 'Deployment', 'ovation-danmaku-push')!.spec.template.spec;
    const script = pod.containers[0].lifecycle.preStop.exec.command.join(' ');
    // The drain needs the pod's ops token, which the container reads from its Secret.
    expect(script).toContain("const authorization = 'Bearer ' + process.env.OPS_TOKEN;");
    expect(script).toContain("fetch(ops + '/drain', { method: 'POST', headers: { authorization } })");
    expect(pod.containers[0].env.find((e: { name: string }) => e.name === 'OPS_TOKEN')?.valueFrom.secretKeyRef).toMatchObject({ key: 'OPS_TOKEN' });
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(45);
  });

  it('runs migrations as pre-install/pre-upgrade hook Jobs after the secret they read', () => {
    const { objects } = render('hosts-values');
    const jobs = objects.filter((o) => o.kind === 'Job');
    expect(jobs.map((j) => j.metadata.name).sort()).toEqual(MIGRATING.map((s) => `ovation-${s}-migrate`).sort());
    for (const job of jobs) {
      expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(job.spec.template.spec.containers[0].command[1]).toMatch(/^dist\/apps\/[a-z-]+\/src\/migrate\.js$/);
      const secret = find(objects, 'Secret', job.metadata.name.replace(/-migrate$/, ''))!;
      expect(Number(secret.metadata.annotations?.['helm.sh/hook-weight'])).toBeLessThan(Number(job.metadata.annotations?.['helm.sh/hook-weight']));
      expect(Object.keys(secret.data ?? {})).toContain('MYSQL_PASSWORD');
    }
  });

  it('uses an existing secret (its own key names) and JWKS in production, rendering no secret of its own', () => {
    const { objects } = render('production-values');
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const env = find(objects, 'Deployment', 'ovation-gateway')!.spec.template.spec.containers[0].env as Array<{ name: string; value?: string; valueFrom?: any }>;
    expect(env.find((e) => e.name === 'JWT_JWKS_URL')?.value).toBe('https://id.example.com/.well-known/jwks.json');
    expect(env.some((e) => e.name === 'JWT_HS256_SECRET')).toBe(false);
    expect(env.find((e) => e.name === 'REDIS_PASSWORD')?.valueFrom.secretKeyRef).toEqual({ name: 'ovation-credentials', key: 'redis-password', optional: true });
    expect(env.find((e) => e.name === 'JOIN_TOKEN_SECRET')?.valueFrom.secretKeyRef).toEqual({ name: 'ovation-credentials', key: 'JOIN_TOKEN_SECRET' });
  });

  it('exposes the gateway, playback and the WebSocket endpoint through Ingresses and RTMP through a LoadBalancer', () => {
    const { objects } = render('default');
    expect(objects.filter((o) => o.kind === 'Ingress').map((o) => o.metadata.name).sort()).toEqual(['ovation-danmaku-push', 'ovation-gateway', 'ovation-playback']);
    const rtmp = find(objects, 'Service', 'ovation-ingest-public')!;
    expect(rtmp.spec.type).toBe('LoadBalancer');
    expect(rtmp.spec.ports).toEqual([expect.objectContaining({ port: 1935, targetPort: 'rtmp' })]);
  });

  it('runs ingest on the ffmpeg image variant and everything else on the plain image', () => {
    const images = Object.fromEntries(
      render('production-values')
        .objects.filter((o) => o.kind === 'Deployment')
        .map((o) => [o.metadata.labels?.['app.kubernetes.io/name'], o.spec.template.spec.containers[0].image]),
    );
    expect(images.ingest).toBe('registry.example.com/ovation/ovation:0.1.0-ffmpeg');
    expect(images.gateway).toBe('registry.example.com/ovation/ovation:0.1.0');
  });

  it('ships every dashboard as a ConfigMap for the Grafana sidecar', () => {
    const maps = render('default').objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');
    expect(maps.map((m) => Object.keys(m.data ?? {})[0]).sort()).toEqual(['fleet-overview.json', 'gifts.json', 'kafka.json', 'realtime.json', 'streams.json']);
    for (const map of maps) expect(() => JSON.parse(Object.values(map.data ?? {})[0])).not.toThrow();
  });
});
