// Validates rendered objects against the Kubernetes OpenAPI schemas (kubernetes-models) and the
// CRD schemas of prometheus-operator and the Gateway API (@kubernetes-models/*).
const MODEL_PACKAGES = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'gateway.networking.k8s.io': '@kubernetes-models/gateway-api',
};

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const pkg = MODEL_PACKAGES[group] ?? 'kubernetes-models';
  const path = group ? `${pkg}/${group}/${version}/${kind}` : `${pkg}/${version}/${kind}`;
  try {
    return (await import(path))[kind];
  } catch (error) {
    if (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return undefined;
    throw error;
  }
}

/** One entry per object: `{ object: "Kind/name", errors: [] }` (errors empty when valid). */
export async function validateObjects(objects) {
  const results = [];
  for (const object of objects) {
    const name = `${object.kind}/${object.metadata?.name}`;
    const Model = await modelOf(object.apiVersion ?? '', object.kind ?? '');
    if (!Model) {
      results.push({ object: name, errors: [`no schema for ${object.apiVersion} ${object.kind}`] });
      continue;
    }
    try {
      new Model(object).validate();
      results.push({ object: name, errors: [] });
    } catch (error) {
      results.push({ object: name, errors: [error.message] });
    }
  }
  return results;
}
