// How the harness's ingress picks a backend, as ingress-nginx does: the rule whose host matches
// and whose path is the longest match (Exact before Prefix, Prefix by whole path segments); then
// an endpoint, by consistent hash when the Ingress sets `upstream-hash-by`, round-robin otherwise.
'use strict';

const { createHash } = require('node:crypto');

const HASH_BY = 'nginx.ingress.kubernetes.io/upstream-hash-by';

/**
 * @param {Array<{name: string, annotations: object, rules: Array<{host: string, paths: object[]}>}>} ingresses
 * @param {string} host the request's Host (port stripped)
 * @param {string} path the request's path (no query)
 * @returns {{ ingress: object, path: object } | undefined}
 */
function matchIngress(ingresses, host, path) {
  let best;
  for (const ingress of ingresses) {
    for (const rule of ingress.rules) {
      if (!hostMatches(rule.host, host)) continue;
      for (const candidate of rule.paths) {
        const score = pathScore(candidate, path);
        if (score < 0) continue;
        if (!best || score > best.score) best = { ingress, path: candidate, score };
      }
    }
  }
  return best && { ingress: best.ingress, path: best.path };
}

function hostMatches(ruleHost, host) {
  if (!ruleHost) return true;
  if (ruleHost.startsWith('*.')) return host.endsWith(ruleHost.slice(1)) && host.split('.').length === ruleHost.split('.').length;
  return ruleHost === host;
}

/** -1 when the path does not match; otherwise larger for a more specific match. */
function pathScore({ path: rulePath, pathType }, path) {
  if (pathType === 'Exact') return rulePath === path ? 2 * rulePath.length + 1 : -1;
  const prefix = rulePath.replace(/\/+$/, '');
  if (prefix === '') return 0;
  if (path === prefix || path.startsWith(`${prefix}/`)) return 2 * prefix.length;
  return -1;
}

/** The value nginx would hash for `upstream-hash-by` ($arg_<name>, $request_uri, $uri, $host), or undefined. */
function hashKey(ingress, url, host) {
  const expression = ingress.annotations?.[HASH_BY];
  if (!expression) return undefined;
  return expression.replace(/\$(arg_[A-Za-z0-9_]+|request_uri|uri|host)/g, (_, variable) => {
    if (variable === 'request_uri') return url.pathname + url.search;
    if (variable === 'uri') return url.pathname;
    if (variable === 'host') return host;
    return url.searchParams.get(variable.slice(4)) ?? '';
  });
}

/** The endpoint a key hashes to (rendezvous hashing: adding or losing one endpoint moves only its keys). */
function endpointForKey(endpoints, key) {
  let best;
  let bestScore = -1n;
  for (const endpoint of endpoints) {
    const score = createHash('sha1').update(`${key}\u0000${endpoint.id}`).digest().readBigUInt64BE(0);
    if (score > bestScore) {
      best = endpoint;
      bestScore = score;
    }
  }
  return best;
}

module.exports = { matchIngress, hashKey, endpointForKey, HASH_BY };
