import { join } from 'node:path';
import { workspaceRoot } from '@ovation/testing';

/** How the fleet at `portOffset` is wired (tools/fleet/services.cjs), to compare answers with. */
export function discoveryEnvOf(portOffset: number): Record<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const services = require(join(workspaceRoot(), 'tools/fleet/services.cjs')) as { discoveryEnv(offset: number): Record<string, string> };
  return services.discoveryEnv(portOffset);
}
