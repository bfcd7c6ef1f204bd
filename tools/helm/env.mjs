// A container's environment as the kubelet builds it from a rendered pod spec: envFrom first,
// then env in order; fieldRef values from the pod, secretKeyRef/configMapKeyRef from the rendered
// objects (or a caller's lookup), and Kubernetes' dependent-variable expansion: $(VAR) becomes
// the value of a variable defined earlier, $$ an escaped $, an unknown $(VAR) stays as written.

/** Expands $(VAR) references the way Kubernetes does (k8s.io/kubernetes third_party/forked/golang/expansion). */
export function expand(value, defined) {
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
      out += name in defined ? defined[name] : `$(${name})`;
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

const decode = (data) => Buffer.from(data, 'base64').toString('utf8');

/** What the rendered objects hold: `lookup('Secret', name)` → `{ key: value }`, or undefined when not rendered. */
export function renderedLookup(objects) {
  const byName = new Map(objects.filter((o) => o.kind === 'Secret' || o.kind === 'ConfigMap').map((o) => [`${o.kind}/${o.metadata.name}`, o]));
  return (kind, name) => {
    const object = byName.get(`${kind}/${name}`);
    if (!object) return undefined;
    if (kind === 'ConfigMap') return { ...object.data };
    return { ...Object.fromEntries(Object.entries(object.data ?? {}).map(([k, v]) => [k, decode(v)])), ...object.stringData };
  };
}

/** A pod of a rendered workload for resolving its env offline: its own address, never loopback, as in a cluster. */
export const standInPod = (workload) => ({ name: `${workload.metadata.name}-0`, namespace: workload.metadata.namespace ?? 'live', ip: '10.244.1.17' });

function fieldValue(path, pod) {
  const fields = { 'metadata.name': pod.name, 'metadata.namespace': pod.namespace, 'status.podIP': pod.ip, 'status.hostIP': pod.hostIP ?? pod.ip, 'spec.nodeName': pod.nodeName ?? 'node' };
  if (!(path in fields)) throw new Error(`fieldRef ${path} is not supported`);
  return fields[path];
}

/**
 * @param container a rendered container spec
 * @param pod `{ name, namespace, ip }` (and optionally hostIP, nodeName)
 * @param lookup `(kind, name) => { key: value } | undefined`, e.g. renderedLookup(objects)
 * @returns `{ env: { NAME: value }, missing: ["Secret/name key"] }`: a required reference nothing
 *   answers is listed in `missing` and left unset (the kubelet would not start the container)
 */
export function resolveEnv(container, pod, lookup) {
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
    else if (entry.valueFrom?.secretKeyRef) value = read('Secret', entry.valueFrom.secretKeyRef);
    else if (entry.valueFrom?.configMapKeyRef) value = read('ConfigMap', entry.valueFrom.configMapKeyRef);
    else value = '';
    if (value !== undefined) env[entry.name] = value;
  }
  return { env, missing };
}
