import type { Response } from 'express';

/** Names the dependencies a response was built without, so clients and dashboards can tell. */
export const DEGRADED_HEADER = 'Ovation-Degraded';

export function markDegraded(response: Response, dependency: string): void {
  const present = response.getHeader(DEGRADED_HEADER);
  response.setHeader(DEGRADED_HEADER, present ? `${String(present)}, ${dependency}` : dependency);
}
