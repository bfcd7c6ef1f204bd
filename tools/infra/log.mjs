// Every line provisioning prints carries one prefix, so it stands out among test and fleet output.
export function prefixed(log = console.log) {
  return (message) => log(`[infra] ${message}`);
}

export function secondsSince(startMs) {
  return `${((Date.now() - startMs) / 1000).toFixed(1)}s`;
}
