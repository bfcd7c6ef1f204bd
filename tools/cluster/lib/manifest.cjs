// What a cluster would make of the rendered chart: the Secrets and ConfigMaps pods read, the
// Deployments to run (with their pod template), the hook Jobs to run first (in hook-weight order),
// the Services with their selectors and ports, and the Ingress rules.
'use strict';

const RUNNABLE_HOOKS = new Set(['pre-install', 'post-install']);

/** @param {object[]} objects every object `helm template` printed (hooks included) */
function readManifest(objects) {
  const secrets = new Map();
  const configMaps = new Map();
  const deployments = [];
  const hookJobs = [];
  const services = [];
  const ingresses = [];
  for (const object of objects) {
    const { kind, metadata } = object;
    if (kind === 'Secret') secrets.set(metadata.name, secretData(object));
    else if (kind === 'ConfigMap') configMaps.set(metadata.name, { ...(object.data ?? {}) });
    else if (kind === 'Deployment') deployments.push(deployment(object));
    else if (kind === 'Job') {
      const hooks = (metadata.annotations?.['helm.sh/hook'] ?? '').split(',').map((h) => h.trim());
      if (!hooks.some((hook) => RUNNABLE_HOOKS.has(hook))) continue;
      hookJobs.push({
        name: metadata.name,
        phase: hooks.includes('pre-install') ? 'pre-install' : 'post-install',
        weight: Number(metadata.annotations?.['helm.sh/hook-weight'] ?? 0),
        backoffLimit: object.spec.backoffLimit ?? 6,
        template: podTemplate(object.spec.template),
      });
    } else if (kind === 'Service') services.push(service(object));
    else if (kind === 'Ingress') ingresses.push(ingress(object));
  }
  hookJobs.sort((a, b) => a.weight - b.weight || a.name.localeCompare(b.name));
  return { secrets, configMaps, deployments, hookJobs, services, ingresses };
}

function secretData(secret) {
  const data = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) data[key] = Buffer.from(value, 'base64').toString('utf8');
  return { ...data, ...(secret.stringData ?? {}) };
}

function podTemplate(template) {
  return { labels: { ...(template.metadata?.labels ?? {}) }, annotations: { ...(template.metadata?.annotations ?? {}) }, spec: template.spec };
}

function deployment(object) {
  return { name: object.metadata.name, replicas: object.spec.replicas ?? 1, selector: object.spec.selector.matchLabels, template: podTemplate(object.spec.template) };
}

function service(object) {
  return {
    name: object.metadata.name,
    type: object.spec.type ?? 'ClusterIP',
    selector: object.spec.selector ?? {},
    ports: (object.spec.ports ?? []).map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort ?? p.port, protocol: p.protocol ?? 'TCP' })),
  };
}

function ingress(object) {
  return {
    name: object.metadata.name,
    annotations: { ...(object.metadata.annotations ?? {}) },
    rules: (object.spec.rules ?? []).map((rule) => ({
      host: rule.host ?? '',
      paths: (rule.http?.paths ?? []).map((p) => ({
        path: p.path ?? '/',
        pathType: p.pathType ?? 'Prefix',
        service: p.backend.service.name,
        port: p.backend.service.port.name ?? p.backend.service.port.number,
      })),
    })),
  };
}

/** True when every key of `selector` has the same value in `labels`. */
function matches(selector, labels) {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** The container port a Service's targetPort means (a name, or a number). */
function containerPort(spec, targetPort) {
  if (typeof targetPort === 'number') return targetPort;
  for (const container of spec.containers) {
    const found = (container.ports ?? []).find((p) => p.name === targetPort);
    if (found) return found.containerPort;
  }
  throw new Error(`no container port named ${targetPort}`);
}

module.exports = { readManifest, matches, containerPort };
