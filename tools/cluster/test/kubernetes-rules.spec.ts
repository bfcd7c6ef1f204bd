// The parts of Kubernetes the harness imitates (hook order, ports, ingress routing), checked against what Kubernetes and ingress-nginx document.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readManifest, containerPort } = require('../lib/manifest.cjs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { matchIngress, hashKey, endpointForKey } = require('../lib/routing.cjs');

describe('manifest', () => {
  const objects = [
    { kind: 'Secret', metadata: { name: 's' }, data: { A: Buffer.from('a').toString('base64') } },
    { kind: 'Job', metadata: { name: 'late', annotations: { 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-weight': '5' } }, spec: { template: { spec: { containers: [] } } } },
    { kind: 'Job', metadata: { name: 'early', annotations: { 'helm.sh/hook': 'pre-install', 'helm.sh/hook-weight': '-1' } }, spec: { template: { spec: { containers: [] } } } },
    { kind: 'Job', metadata: { name: 'upgrade-only', annotations: { 'helm.sh/hook': 'pre-upgrade' } }, spec: { template: { spec: { containers: [] } } } },
    { kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 2, selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ ports: [{ name: 'ops', containerPort: 9404 }] }] } } } },
  ];

  it('runs install hooks in weight order, skips the others, and decodes secrets', () => {
    const manifest = readManifest(objects);
    expect(manifest.hookJobs.map((j: { name: string }) => j.name)).toEqual(['early', 'late']);
    expect(manifest.secrets.get('s')).toEqual({ A: 'a' });
    expect(manifest.deployments[0]).toMatchObject({ name: 'd', replicas: 2 });
    expect(containerPort(manifest.deployments[0].template.spec, 'ops')).toBe(9404);
    expect(containerPort(manifest.deployments[0].template.spec, 8080)).toBe(8080);
  });
});

describe('ingress routing', () => {
  const ingresses = [
    { name: 'gateway', annotations: {}, rules: [{ host: 'api.test', paths: [{ path: '/', pathType: 'Prefix', service: 'gw', port: 'http' }] }] },
    {
      name: 'playback',
      annotations: {},
      rules: [{ host: 'play.test', paths: [{ path: '/live', pathType: 'Prefix', service: 'pb', port: 'http' }, { path: '/live/exact', pathType: 'Exact', service: 'exact', port: 'http' }] }],
    },
    { name: 'push', annotations: { 'nginx.ingress.kubernetes.io/upstream-hash-by': '$arg_room' }, rules: [{ host: 'live.test', paths: [{ path: '/ws', pathType: 'Prefix', service: 'push', port: 'ws' }] }] },
  ];

  it('matches host and the longest path by whole segments, Exact before Prefix', () => {
    expect(matchIngress(ingresses, 'api.test', '/v1/rooms').path.service).toBe('gw');
    expect(matchIngress(ingresses, 'play.test', '/live/r/master.m3u8').path.service).toBe('pb');
    expect(matchIngress(ingresses, 'play.test', '/live/exact').path.service).toBe('exact');
    expect(matchIngress(ingresses, 'play.test', '/lively')).toBeUndefined();
    expect(matchIngress(ingresses, 'play.test', '/thumbnails/r.jpg')).toBeUndefined();
    expect(matchIngress(ingresses, 'other.test', '/')).toBeUndefined();
  });

  it('hashes on upstream-hash-by: one room always on the same endpoint, and losing one endpoint moves only its rooms', () => {
    const url = (room: string) => new URL(`http://live.test/ws?room=${room}&token=t`);
    expect(hashKey(ingresses[2], url('r1'), 'live.test')).toBe('r1');
    expect(hashKey(ingresses[0], url('r1'), 'api.test')).toBeUndefined();
    const endpoints = ['a', 'b', 'c'].map((id) => ({ id }));
    const rooms = Array.from({ length: 300 }, (_, i) => `room-${i}`);
    const placed = new Map(rooms.map((room) => [room, endpointForKey(endpoints, room).id]));
    expect(new Set(placed.values()).size).toBe(3);
    for (const room of rooms) expect(endpointForKey(endpoints, room).id).toBe(placed.get(room));
    const survivors = endpoints.filter((e) => e.id !== 'b');
    for (const room of rooms) if (placed.get(room) !== 'b') expect(endpointForKey(survivors, room).id).toBe(placed.get(room));
  });
});
