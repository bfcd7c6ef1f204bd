import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { RenderCase, RenderResult, renderCases, workspace } from './report';

// The charts true for a real cluster, where every pod has its own address: nothing another pod
// or a viewer must reach is loopback (the policy proves it for every render, and catches one
// injected), push nodes register per-pod or behind-the-Ingress URLs, every public path of
// playback is routed, and each service chart installs alone.
const SERVICES = ['gateway', 'room', 'gift', 'scheduler', 'danmaku-push', 'ingest', 'playback'];
const CLUSTER = ['--api-versions', 'monitoring.coreos.com/v1'];
const POD_IP = '10.244.1.17'; // the stand-in pod's address (tools/helm/env.cjs)
const HOSTS = join(workspace, 'helm/examples/hosts-values.yaml');
const withKeys = (...args: string[]) => ({ args: ['--values', HOSTS, ...CLUSTER, ...args] });
/** A service chart alone takes only the global values of the example (the rest is per service, for the umbrella). */
const hostsGlobal = parse(readFileSync(HOSTS, 'utf8')).global;
const scratch = mkdtempSync(join(tmpdir(), 'ovation-helm-cluster-'));
const globalOnly = join(scratch, 'global.yaml');
writeFileSync(globalOnly, JSON.stringify({ global: hostsGlobal }));

const CASES = {
  ingressMode: withKeys('--set', 'danmaku-push.pushUrl.mode=ingress', '--set', 'global.publicUrls.push=wss://live.example.com/ws', '--set', 'danmaku-push.ingress.enabled=true'),
  podMode: withKeys(),
  podDnsMode: withKeys('--set', 'danmaku-push.pushUrl.podUrl=wss://$(NODE_ID).push.example.com/ws'),
  ingressModeWithoutUrl: withKeys('--set', 'danmaku-push.pushUrl.mode=ingress'),
  // Three mistakes at once (one render): a loopback broker, a loopback URL for viewers, an advertised address left to its default.
  injected: withKeys('--set', 'global.kafka.brokers={127.0.0.1:9092}', '--set', 'global.publicUrls.playback=http://127.0.0.1:8082', '--set', 'ingest.advertise=null'),
  sharedRtmp: withKeys('--set', 'ingest.rtmpUrl.mode=shared', '--set', 'global.publicUrls.rtmp=rtmp://rtmp.example.com/live'),
  loopbackPodUrl: withKeys('--set', 'danmaku-push.pushUrl.podUrl=ws://localhost:$(WS_PORT)/ws'),
  defaults: { args: ['--set', 'global.secrets.existingSecret=ovation-secrets'], existingSecret: 'ovation-secrets' },
  ...Object.fromEntries(SERVICES.map((service) => [`alone:${service}`, { chart: service, args: ['--values', globalOnly, ...CLUSTER, ...(service === 'danmaku-push' ? ['--set', 'pushUrl.mode=pod'] : [])] }])),
} satisfies Record<string, RenderCase>;

describe('charts on a real cluster', () => {
  let r: Record<string, RenderResult>;

  beforeAll(() => {
    const results = renderCases(Object.values(CASES));
    r = Object.fromEntries(Object.keys(CASES).map((name, i) => [name, results[i]]));
  }, 180_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const object = (result: RenderResult, kind: string, name: string) => result.objects.find((o) => o.kind === kind && o.metadata.name === name)!;
  const rules = (result: RenderResult, rule: string) => result.violations.filter((v) => v.rule === rule).map((v) => `${v.object}: ${v.message}`);

  describe('push URL modes', () => {
    it('behind the Ingress: every node registers the one public URL, and the Ingress hashes /ws on the room', () => {
      const { ingressMode: result } = r;
      expect(result.env['ovation-danmaku-push'].PUSH_PUBLIC_URL).toBe('wss://live.example.com/ws');
      const ingress = object(result, 'Ingress', 'ovation-danmaku-push');
      expect(ingress.metadata.annotations?.['nginx.ingress.kubernetes.io/upstream-hash-by']).toBe('$arg_room');
      expect(ingress.spec.rules[0].http.paths.map((p: { path: string }) => p.path)).toEqual(['/ws']);
      expect(result.violations).toEqual([]);
    });

    it("per pod: every node registers its own pod's address", () => {
      const push = r.podMode.env['ovation-danmaku-push'];
      expect(push.PUSH_PUBLIC_URL).toBe(`ws://${POD_IP}:8090/ws`);
      expect(push.PUSH_GRPC_ADVERTISE).toBe(`${POD_IP}:50054`);
      expect(r.podMode.objects.filter((o) => o.kind === 'Ingress')).toEqual([]);
      expect(r.podMode.violations).toEqual([]);
    });

    it('per pod: a per-pod DNS name from the pod name', () => {
      expect(r.podDnsMode.env['ovation-danmaku-push'].PUSH_PUBLIC_URL).toBe('wss://ovation-danmaku-push-0.push.example.com/ws');
      expect(r.podDnsMode.violations).toEqual([]);
    });

    it('behind the Ingress needs the public URL', () => {
      expect(r.ingressModeWithoutUrl.ok).toBe(false);
      expect(r.ingressModeWithoutUrl.output).toContain('pushUrl.mode ingress: every push node registers global.publicUrls.push, which is empty');
    });
  });

  describe('RTMP URL modes', () => {
    it("per pod: every ingest node registers its own pod's address, so a broadcaster reaches the node the scheduler chose", () => {
      expect(r.podMode.env['ovation-ingest'].RTMP_PUBLIC_URL).toBe(`rtmp://${POD_IP}:1935/live`);
      expect(r.podMode.env['ovation-room'].RTMP_PUBLIC_URL).toBe('rtmp://ovation-ingest:1935/live');
    });

    it('shared: every node registers the one public URL', () => {
      expect(r.sharedRtmp.env['ovation-ingest'].RTMP_PUBLIC_URL).toBe('rtmp://rtmp.example.com/live');
      expect(r.sharedRtmp.violations).toEqual([]);
    });
  });

  describe('advertised addresses', () => {
    it('ingest and playback advertise their own pod (the FLV origin playback pulls from is the ingest pod)', () => {
      const ingest = r.podMode.env['ovation-ingest'];
      expect(ingest.ADVERTISED_HOST).toBe(POD_IP);
      expect(`http://${ingest.ADVERTISED_HOST}:${ingest.FLV_PORT}`).toBe(`http://${POD_IP}:8000`);
      // The origin listens on the pod's address alone, not on every interface.
      expect(ingest.FLV_BIND_HOST).toBe(POD_IP);
      expect(r.podMode.env['ovation-playback'].ADVERTISED_HOST).toBe(POD_IP);
    });

    it('the viewer-facing URLs come from global.publicUrls, the replay documents’ gateway link included', () => {
      expect(r.defaults.env['ovation-playback']).toMatchObject({ GATEWAY_PUBLIC_URL: 'http://api.ovation.local', PLAYBACK_PUBLIC_URL: 'http://playback.ovation.local' });
      expect(r.defaults.env['ovation-gateway'].PUSH_FALLBACK_URLS).toBe('ws://live.ovation.local/ws');
    });
  });

  describe('the loopback policy', () => {
    it('passes the default values and every example (and each service chart alone)', () => {
      expect(rules(r.defaults, 'loopback')).toEqual([]);
      expect(rules(r.defaults, 'config')).toEqual([]);
      for (const service of SERVICES) expect(r[`alone:${service}`].violations).toEqual([]);
    });

    it('catches a loopback broker in every service that reads it', () => {
      expect(rules(r.injected, 'loopback')).toEqual(
        expect.arrayContaining(['room', 'gift', 'danmaku-push', 'ingest'].map((s) => `Deployment/ovation-${s} container ${s}: KAFKA_BROKERS=127.0.0.1:9092 points at loopback, which other pods and viewers cannot reach`)),
      );
    });

    it('catches a loopback push URL, which the push node itself would refuse to start with', () => {
      const where = 'Deployment/ovation-danmaku-push container danmaku-push';
      expect(rules(r.loopbackPodUrl, 'loopback')).toContain(`${where}: PUSH_PUBLIC_URL=ws://localhost:8090/ws points at loopback, which other pods and viewers cannot reach`);
      expect(rules(r.loopbackPodUrl, 'config')).toEqual([expect.stringMatching(new RegExp(`^${where}: PUSH_PUBLIC_URL: advertises ws://localhost:8090/ws, a loopback address other pods cannot reach`))]);
    });

    it('catches a loopback URL handed to viewers', () => {
      expect(rules(r.injected, 'loopback')).toContain('Deployment/ovation-gateway container gateway: PLAYBACK_PUBLIC_URL=http://127.0.0.1:8082 points at loopback, which other pods and viewers cannot reach');
    });

    it("catches an address left to the service's loopback default", () => {
      expect(rules(r.injected, 'config')).toEqual([expect.stringMatching(/^Deployment\/ovation-ingest container ingest: ADVERTISED_HOST: advertises 127\.0\.0\.1, a loopback address other pods cannot reach/)]);
    });
  });

  it('routes every public path playback serves, room covers included', () => {
    const dir = join(workspace, 'apps/playback/src/http');
    const served = readdirSync(dir)
      .filter((f) => f.endsWith('.controller.ts'))
      .map((f) => `/${/@Controller\('([^']+)'\)/.exec(readFileSync(join(dir, f), 'utf8'))![1]}`)
      .sort();
    expect(served).toEqual(['/live', '/thumbnails', '/vod']);
    const paths = object(r.defaults, 'Ingress', 'ovation-playback').spec.rules[0].http.paths.map((p: { path: string }) => p.path);
    expect(paths.sort()).toEqual(served);
  });

  it.each(SERVICES)('the %s chart renders and validates alone, with its own Secret', (service) => {
    const alone = r[`alone:${service}`];
    expect(alone.output).not.toMatch(/^Error/m);
    expect(alone.objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name)).toEqual([`ovation-${service}`]);
    expect(alone.validation.filter((v) => v.errors.length)).toEqual([]);
    const refs = alone.objects
      .find((o) => o.kind === 'Deployment')!
      .spec.template.spec.containers[0].env.filter((e: { valueFrom?: { secretKeyRef?: unknown } }) => e.valueFrom?.secretKeyRef)
      .map((e: { valueFrom: { secretKeyRef: { name: string } } }) => e.valueFrom.secretKeyRef.name);
    for (const name of new Set(refs)) expect(name).toBe(`ovation-${service}`);
  });
});
