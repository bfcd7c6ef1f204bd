// The container environment as the kubelet builds it (tools/helm/env.cjs), checked against what Kubernetes documents.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resolveEnv, expand, quantity } = require('../env.cjs');

const pod = { name: 'ovation-danmaku-push-abcde', namespace: 'live', uid: 'u1', ip: '10.200.1.4', hostIP: '10.200.0.1', nodeName: 'n1', serviceAccountName: 'sa', labels: { app: 'push' }, annotations: {} };
const lookupOf =
  (secrets: Record<string, Record<string, string>> = {}, configMaps: Record<string, Record<string, string>> = {}) =>
  (kind: string, name: string) =>
    (kind === 'Secret' ? secrets : configMaps)[name];
const containerEnv = (container: object, lookup = lookupOf()) => resolveEnv(container, pod, lookup);

describe('container environment', () => {
  it('expands $(VAR) of variables defined earlier, leaves later or unknown ones, and unescapes $$', () => {
    const env = containerEnv(
      {
        env: [
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'PUSH_PUBLIC_URL', value: 'ws://$(POD_IP):$(WS_PORT)/ws' },
          { name: 'WS_PORT', value: '8090' },
          { name: 'ESCAPED', value: '$$(POD_IP) and $(NOPE)' },
        ],
      },
    ).env;
    expect(env).toEqual({ POD_IP: '10.200.1.4', PUSH_PUBLIC_URL: 'ws://10.200.1.4:$(WS_PORT)/ws', WS_PORT: '8090', ESCAPED: '$(POD_IP) and $(NOPE)' });
    expect(expand('$(A)-$(B)', { A: 'x' })).toBe('x-$(B)');
  });

  it('resolves fieldRef, resourceFieldRef, secretKeyRef and configMapKeyRef, and envFrom before env', () => {
    const env = containerEnv(
      {
        envFrom: [{ secretRef: { name: 's' } }, { configMapRef: { name: 'c' }, prefix: 'CM_' }, { secretRef: { name: 'absent', optional: true } }],
        env: [
          { name: 'NODE_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
          { name: 'MEMORY', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
          { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
          { name: 'KEY', valueFrom: { secretKeyRef: { name: 's', key: 'KEY' } } },
          { name: 'OPTIONAL', valueFrom: { secretKeyRef: { name: 's', key: 'MISSING', optional: true } } },
          { name: 'FROM_SECRET', value: 'overridden' },
        ],
        resources: { limits: { memory: '512Mi' }, requests: { cpu: '250m' } },
      },
      lookupOf({ s: { KEY: 'k', FROM_SECRET: 'secret' } }, { c: { LEVEL: 'debug' } }),
    ).env;
    expect(env).toEqual({ KEY: 'k', FROM_SECRET: 'overridden', CM_LEVEL: 'debug', NODE_ID: pod.name, APP: 'push', MEMORY: '512', CPU: '1' });
  });

  it('lists a missing secret key that is not optional, and leaves the variable unset', () => {
    expect(containerEnv({ env: [{ name: 'JOIN_TOKEN_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'JOIN' } } }] }, lookupOf({ s: {} }))).toEqual({ env: {}, missing: ['Secret/s JOIN'] });
  });

  it('reads Kubernetes quantities', () => {
    expect([quantity('250m'), quantity('2'), quantity('1Gi'), quantity('1k')]).toEqual([0.25, 2, 2 ** 30, 1000]);
  });
});
