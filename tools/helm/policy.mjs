// Policy over a rendered release: what the platform requires of every workload, beyond what the
// schemas can say (probes, resources, a locked-down security context, HPA, PDB, monitoring, wiring,
// addresses other pods and viewers can reach). Returns violations as `{ rule, object, message }`;
// none means the release passes.
import { renderedLookup, resolveEnv, standInPod } from './env.cjs';
import { namesLoopback, parseServiceConfig } from './service-config.mjs';

const matches = (selector = {}, labels = {}) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const id = (o) => `${o.kind}/${o.metadata.name}`;

function containerRules(workload, container, violations) {
  const fail = (rule, message) => violations.push({ rule, object: `${id(workload)} container ${container.name}`, message });
  const probe = (kind, path) => {
    const p = container[kind];
    if (!p?.httpGet) return fail('probes', `${kind} missing`);
    if (p.httpGet.port !== 'ops' || p.httpGet.path !== path) fail('probes', `${kind} must GET ${path} on the ops port`);
  };
  if (workload.kind === 'Deployment') {
    probe('startupProbe', '/healthz');
    probe('livenessProbe', '/healthz');
    probe('readinessProbe', '/readyz');
    if (!container.ports?.some((p) => p.name === 'ops')) fail('probes', 'no port named ops');
  }
  const { requests = {}, limits = {} } = container.resources ?? {};
  if (!requests.cpu || !requests.memory || !limits.memory) fail('resources', 'needs cpu and memory requests and a memory limit');
  const sc = container.securityContext ?? {};
  if (sc.allowPrivilegeEscalation !== false) fail('securityContext', 'allowPrivilegeEscalation must be false');
  if (sc.readOnlyRootFilesystem !== true) fail('securityContext', 'readOnlyRootFilesystem must be true');
  if (!sc.capabilities?.drop?.includes('ALL')) fail('securityContext', 'capabilities must drop ALL');
  const names = (container.env ?? []).map((e) => e.name);
  const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
  if (duplicates.length) fail('env', `duplicate variables ${[...new Set(duplicates)].join(', ')}`);
  // A file a variable names (a TLS CA, certificate or key) must be in a volume the container mounts.
  const mounts = (container.volumeMounts ?? []).map((m) => m.mountPath.replace(/\/$/, ''));
  for (const { name, value } of container.env ?? []) {
    if (name.endsWith('_FILE') && value && !mounts.some((path) => value.startsWith(`${path}/`))) fail('files', `${name}=${value} is in no volume the container mounts`);
  }
}

function secretRules(workload, pod, objects, violations, existingSecret) {
  const secrets = new Map(objects.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name, o]));
  for (const container of pod.containers) {
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.secretKeyRef;
      if (!ref || ref.optional) continue;
      const secret = secrets.get(ref.name);
      const problem = secret
        ? !(ref.key in (secret.data ?? {})) && `secret ${ref.name} has no key ${ref.key}`
        : ref.name !== existingSecret && `secret ${ref.name} is neither rendered nor the configured existing secret`;
      if (problem) violations.push({ rule: 'secrets', object: `${id(workload)} ${env.name}`, message: problem });
    }
  }
}

/**
 * Nothing another pod or a viewer must reach may be loopback (each would reach itself): every
 * variable of the rendered environment, with fieldRefs and $(VAR)s resolved as the kubelet does;
 * and for a service, the configuration it would start with (its schema, its defaults for what the
 * chart does not set), which must also pass the service's own validation.
 */
function addressRules(workload, pod, lookup, violations) {
  for (const container of pod.containers) {
    const where = `${id(workload)} container ${container.name}`;
    const { env } = resolveEnv(container, standInPod(workload), lookup);
    for (const [name, value] of Object.entries(env)) {
      if (namesLoopback(value)) violations.push({ rule: 'loopback', object: where, message: `${name}=${value} points at loopback, which other pods and viewers cannot reach` });
    }
    const service = /^dist\/apps\/([a-z-]+)\/src\/main\.js$/.exec(container.command?.at(-1) ?? '')?.[1];
    if (workload.kind !== 'Deployment' || !service) continue;
    const { config, problems } = parseServiceConfig(service, env);
    for (const problem of problems ?? []) violations.push({ rule: 'config', object: where, message: `${problem.variable}: ${problem.message}` });
    for (const [name, value] of Object.entries(config ?? {})) {
      if (name in env || !(typeof value === 'string' || Array.isArray(value)) || !namesLoopback([value].flat().join(','))) continue;
      violations.push({ rule: 'loopback', object: where, message: `${name} is not set, so ${service} uses its default ${value}: loopback, which other pods and viewers cannot reach` });
    }
  }
}

function podRules(workload, pod, objects, violations, existingSecret, lookup) {
  const fail = (rule, message) => violations.push({ rule, object: id(workload), message });
  if (pod.securityContext?.runAsNonRoot !== true) fail('securityContext', 'pod must set runAsNonRoot');
  if (pod.automountServiceAccountToken !== false) fail('securityContext', 'pods do not talk to the API server: no service account token');
  for (const container of pod.containers) containerRules(workload, container, violations);
  secretRules(workload, pod, objects, violations, existingSecret);
  addressRules(workload, pod, lookup, violations);
}

function deploymentRules(deployment, objects, violations) {
  const fail = (rule, message) => violations.push({ rule, object: id(deployment), message });
  const name = deployment.metadata.name;
  const labels = deployment.spec.template.metadata.labels;
  const pod = deployment.spec.template.spec;
  if (!pod.topologySpreadConstraints?.length) fail('topologySpread', 'no topology spread constraints');

  const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === name);
  if (!hpa) fail('hpa', 'no HorizontalPodAutoscaler targets it');
  else {
    if (hpa.apiVersion !== 'autoscaling/v2') fail('hpa', 'HPA must be autoscaling/v2');
    if (!hpa.spec.behavior?.scaleUp || !hpa.spec.behavior?.scaleDown) fail('hpa', 'HPA needs scaleUp and scaleDown behavior');
    if (!hpa.spec.metrics?.length) fail('hpa', 'HPA has no metric');
    if (hpa.spec.minReplicas < 2) fail('hpa', 'fewer than 2 replicas cannot survive a disruption');
  }
  if (!objects.some((o) => o.kind === 'PodDisruptionBudget' && matches(o.spec.selector.matchLabels, labels))) fail('pdb', 'no PodDisruptionBudget selects its pods');
  const service = objects.find((o) => o.kind === 'Service' && o.spec.type === 'ClusterIP' && matches(o.spec.selector, labels));
  if (!service) fail('service', 'no ClusterIP Service selects its pods');
  else if (!objects.some((o) => o.kind === 'ServiceMonitor' && matches(o.spec.selector.matchLabels, service.metadata.labels) && o.spec.endpoints.some((e) => e.port === 'ops'))) {
    fail('serviceMonitor', 'no ServiceMonitor scrapes its ops port');
  }
  const preStop = pod.containers[0].lifecycle?.preStop;
  if (!preStop) fail('drain', 'no preStop hook');
  const drainTimeout = /const deadline = Date\.now\(\) \+ (\d+) \* 1000/.exec(preStop?.exec?.command?.join(' ') ?? '');
  if (drainTimeout && pod.terminationGracePeriodSeconds <= Number(drainTimeout[1])) {
    fail('drain', `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} does not cover the ${drainTimeout[1]} s drain`);
  }
}

function wiringRules(objects, violations) {
  const services = objects.filter((o) => o.kind === 'Service');
  const pods = objects.filter((o) => o.kind === 'Deployment').map((d) => d.spec.template);
  for (const service of services) {
    const pod = pods.find((p) => matches(service.spec.selector, p.metadata.labels));
    if (!pod) {
      violations.push({ rule: 'service', object: id(service), message: 'selects no pods' });
      continue;
    }
    const portNames = pod.spec.containers.flatMap((c) => c.ports ?? []).map((p) => p.name);
    for (const port of service.spec.ports) {
      if (!portNames.includes(port.targetPort)) violations.push({ rule: 'service', object: id(service), message: `targetPort ${port.targetPort} is not a container port` });
    }
  }
  for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
    for (const path of ingress.spec.rules.flatMap((r) => r.http.paths)) {
      const { name, port } = path.backend.service;
      const service = services.find((s) => s.metadata.name === name);
      if (!service?.spec.ports.some((p) => p.name === port.name)) violations.push({ rule: 'ingress', object: id(ingress), message: `backend ${name}:${port.name} does not exist` });
    }
  }
}

/** Stands in for the keys of a Secret managed outside the release (long enough for every key's minimum). */
const EXISTING_SECRET_KEY = 'existing-secret-value-'.padEnd(48, 'x');

/**
 * @param objects every rendered object
 * @param existingSecret the secret pods may reference without it being rendered (global.secrets.existingSecret)
 */
export function checkPolicy(objects, existingSecret) {
  const violations = [];
  const rendered = renderedLookup(objects);
  const existing = new Proxy({}, { get: (_, key) => (typeof key === 'string' ? EXISTING_SECRET_KEY : undefined) });
  const lookup = (kind, name) => rendered(kind, name) ?? (kind === 'Secret' && name === existingSecret ? existing : undefined);
  for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
    podRules(deployment, deployment.spec.template.spec, objects, violations, existingSecret, lookup);
    deploymentRules(deployment, objects, violations);
  }
  for (const job of objects.filter((o) => o.kind === 'Job')) podRules(job, job.spec.template.spec, objects, violations, existingSecret, lookup);
  wiringRules(objects, violations);
  return violations;
}
