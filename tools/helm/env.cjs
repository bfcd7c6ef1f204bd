// A container's environment as the kubelet builds it from a rendered pod spec: envFrom first,
// then env in order; fieldRef values from the pod, resourceFieldRef from the container's
// resources, secretKeyRef/configMapKeyRef from the rendered objects (or a caller's lookup), and
// Kubernetes' dependent-variable expansion: $(VAR) becomes the value of a variable defined
// earlier, $$ an escaped $, an unknown $(VAR) stays as written. The chart checks resolve a
// stand-in pod with it; the multi-host harness (tools/cluster) starts every container with it.
'use strict';

/** Expands $(VAR) references the way Kubernetes does (k8s.io/kubernetes third_party/forked/golang/expansion). */
function expand(value, defined) {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i];
    if (c !== '$' || i === value.length - 1) {
      out += c;
      continue;
    }
    const next = value[i + 1];
    if (next === '$') {
      out += '$';
      i += 1;
    } else if (next === '(') {
      const end = value.indexOf(')', i + 2);
      if (end < 0) {
        out += value.slice(i);
        break;
      }
      const name = value.slice(i + 2, end);
      out += Object.prototype.hasOwnProperty.call(defined, name) ? defined[name] : `$(${name})`;
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

const decode = (data) => Buffer.from(data, 'base64').toString('utf8');

/** What the rendered objects hold: `lookup('Secret', name)` → `{ key: value }`, or undefined when not rendered. */
function renderedLookup(objects) {
  const byName = new Map(objects.filter((o) => o.kind === 'Secret' || o.kind === 'ConfigMap').map((o) => [`${o.kind}/${o.metadata.name}`, o]));
  return (kind, name) => {
    const object = byName.get(`${kind}/${name}`);
    if (!object) return undefined;
    if (kind === 'ConfigMap') return { ...object.data };
    return { ...Object.fromEntries(Object.entries(object.data ?? {}).map(([k, v]) => [k, decode(v)])), ...object.stringData };
  };
}

/** A pod of a rendered workload for resolving its env offline: its own address, never loopback, as in a cluster. */
const standInPod = (workload) => ({ name: `${workload.metadata.name}-0`, namespace: workload.metadata.namespace ?? 'live', ip: '10.244.1.17' });

function fieldValue(path, pod) {
  const keyed = /^metadata\.(labels|annotations)\['([^']+)'\]$/.exec(path);
  if (keyed) return pod[keyed[1]]?.[keyed[2]] ?? '';
  const fields = {
    'metadata.name': pod.name,
    'metadata.namespace': pod.namespace,
    'metadata.uid': pod.uid ?? pod.name,
    'spec.nodeName': pod.nodeName ?? 'node',
    'spec.serviceAccountName': pod.serviceAccountName ?? 'default',
    'status.hostIP': pod.hostIP ?? pod.ip,
    'status.hostIPs': pod.hostIP ?? pod.ip,
    'status.podIP': pod.ip,
    'status.podIPs': pod.ip,
  };
  if (!(path in fields)) throw new Error(`fieldRef ${path} is not supported`);
  return String(fields[path]);
}

const UNITS = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** A Kubernetes quantity ("250m", "1Gi", "2") in base units. */
function quantity(text) {
  const match = /^([0-9.]+)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(String(text));
  if (!match) throw new Error(`not a quantity: ${text}`);
  return Number(match[1]) * (match[2] ? UNITS[match[2]] : 1);
}

function resourceValue(container, { resource, divisor = '1' }) {
  const [kind, name] = resource.split('.');
  const value = container.resources?.[kind]?.[name];
  return value === undefined ? '0' : String(Math.ceil(quantity(value) / quantity(divisor)));
}

/**
 * @param container a rendered container spec
 * @param pod `{ name, namespace, ip }` (optionally hostIP, nodeName, uid, labels, annotations, serviceAccountName)
 * @param lookup `(kind, name) => { key: value } | undefined`, e.g. renderedLookup(objects)
 * @returns `{ env: { NAME: value }, missing: ["Secret/name key"] }`: a required reference nothing
 *   answers is listed in `missing` and left unset (the kubelet would not start the container)
 */
function resolveEnv(container, pod, lookup) {
  const env = {};
  const missing = [];
  const read = (kind, ref) => {
    const value = lookup(kind, ref.name)?.[ref.key];
    if (value === undefined && !ref.optional) missing.push(`${kind}/${ref.name} ${ref.key}`);
    return value;
  };
  for (const source of container.envFrom ?? []) {
    const kind = source.secretRef ? 'Secret' : 'ConfigMap';
    const ref = source.secretRef ?? source.configMapRef;
    const data = lookup(kind, ref.name);
    if (!data && !ref.optional) missing.push(`${kind}/${ref.name}`);
    for (const [key, value] of Object.entries(data ?? {})) env[`${source.prefix ?? ''}${key}`] = value;
  }
  for (const entry of container.env ?? []) {
    let value;
    if ('value' in entry) value = expand(String(entry.value ?? ''), env);
    else if (entry.valueFrom?.fieldRef) value = fieldValue(entry.valueFrom.fieldRef.fieldPath, pod);
    else if (entry.valueFrom?.resourceFieldRef) value = resourceValue(container, entry.valueFrom.resourceFieldRef);
    else if (entry.valueFrom?.secretKeyRef) value = read('Secret', entry.valueFrom.secretKeyRef);
    else if (entry.valueFrom?.configMapKeyRef) value = read('ConfigMap', entry.valueFrom.configMapKeyRef);
    else value = '';
    if (value !== undefined) env[entry.name] = value;
  }
  return { env, missing };
}

module.exports = { expand, quantity, renderedLookup, resolveEnv, standInPod };
