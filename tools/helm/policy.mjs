// Policy over a rendered release: what the platform requires of every workload, beyond what the
// schemas can say (probes, resources, a locked-down security context, HPA, PDB, monitoring, wiring).
// Returns violations as `{ rule, object, message }`; none means the release passes.

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
}

function secretRules(workload, pod, objects, violations, expectedSecret) {
  const secrets = new Map(objects.filter((o) => o.kind === 'Secret').map((o) => [o.metadata.name, o]));
  for (const container of pod.containers) {
    for (const env of container.env ?? []) {
      const ref = env.valueFrom?.secretKeyRef;
      if (!ref) continue;
      const secret = secrets.get(ref.name);
      const problem = secret
        ? !ref.optional && !(ref.key in (secret.data ?? {})) && `secret ${ref.name} has no key ${ref.key}`
        : ref.name !== expectedSecret && `secret ${ref.name} is neither rendered nor the configured existing secret`;
      if (problem) violations.push({ rule: 'secrets', object: `${id(workload)} ${env.name}`, message: problem });
    }
  }
}

function podRules(workload, pod, objects, violations, expectedSecret) {
  const fail = (rule, message) => violations.push({ rule, object: id(workload), message });
  if (pod.securityContext?.runAsNonRoot !== true) fail('securityContext', 'pod must set runAsNonRoot');
  if (pod.automountServiceAccountToken !== false) fail('securityContext', 'pods do not talk to the API server: no service account token');
  for (const container of pod.containers) containerRules(workload, container, violations);
  secretRules(workload, pod, objects, violations, expectedSecret);
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

/**
 * @param objects every rendered object
 * @param expectedSecret the secret name pods may reference without it being rendered (existingSecret)
 */
export function checkPolicy(objects, expectedSecret) {
  const violations = [];
  for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
    podRules(deployment, deployment.spec.template.spec, objects, violations, expectedSecret);
    deploymentRules(deployment, objects, violations);
  }
  for (const job of objects.filter((o) => o.kind === 'Job')) podRules(job, job.spec.template.spec, objects, violations, expectedSecret);
  wiringRules(objects, violations);
  return violations;
}
