// The services' own configuration code, built (dist/, `node tools/build/build.mjs`): the policy
// judges the configuration a rendered pod would start with, the code's defaults for what the chart
// does not set included, with the same schemas and the same loopback test the services use.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './charts.mjs';

const require = createRequire(import.meta.url);

function built(path) {
  const file = join(root, 'dist', path);
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (node tools/build/build.mjs)`);
  return require(file);
}

const platformConfig = () => built('libs/platform/config/src/index.js');

/** True when an address-like value (a URL, host:port, a host, or a comma/space list of them) names a loopback host. */
export function namesLoopback(value) {
  const { hostOf, isLoopbackHost } = platformConfig();
  return String(value)
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((address) => isLoopbackHost(hostOf(address)));
}

/**
 * Parses an environment with a service's schema (apps/<service>/src/config.ts), as the service
 * does at start: `{ config }`, or `{ problems: [{ variable, message }] }`.
 */
export function parseServiceConfig(service, env) {
  const module = built(`apps/${service}/src/config.js`);
  const schemas = Object.entries(module).filter(([name]) => name.endsWith('ConfigSchema'));
  if (schemas.length !== 1) throw new Error(`apps/${service}/src/config.ts must export exactly one *ConfigSchema (found ${schemas.map(([n]) => n).join(', ') || 'none'})`);
  const { loadConfig, ConfigError } = platformConfig();
  try {
    return { config: loadConfig(service, schemas[0][1], env) };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: error.problems };
    throw error;
  }
}
