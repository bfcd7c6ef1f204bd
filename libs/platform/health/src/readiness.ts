/** A dependency probe: resolves when the dependency answers, rejects (or times out) otherwise. */
export type ReadinessCheck = () => Promise<unknown>;
export type ReadinessChecks = Readonly<Record<string, ReadinessCheck>>;

/**
 * What /readyz evaluates: every dependency's probe is reported, but only the `gating` ones decide
 * readiness — those the service cannot serve without. A dependency it degrades gracefully without
 * (a fail-open rate limiter, an archive that catches up, an outbox) must not take every pod of the
 * tier out of rotation at once when it is down.
 */
export interface Readiness {
  checks: ReadinessChecks;
  gating: readonly string[];
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'ok' | string>;
  gating: string[];
}

export async function evaluateReadiness({ checks, gating }: Readiness, timeoutMs: number): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await settle(check, timeoutMs)] as const),
  );
  const outcomes = Object.fromEntries(entries);
  return { ready: gating.every((name) => outcomes[name] === 'ok'), checks: outcomes, gating: [...gating] };
}

async function settle(check: ReadinessCheck, timeoutMs: number): Promise<'ok' | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    clearTimeout(timer);
  }
}
