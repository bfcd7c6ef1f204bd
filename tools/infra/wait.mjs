// Readiness is polled with a deadline, never slept for: a service is ready when it answers.
import { setTimeout as delay } from 'node:timers/promises';
import probes from './probes.cjs';

const { tcpAnswers } = probes;
export { tcpAnswers };

/**
 * Calls check() until it returns a truthy value and returns that value. Throws when the deadline
 * passes (with the last error check() threw, if any) or when abort() returns a reason to give up.
 */
export async function waitFor(what, check, { timeoutMs = 60_000, intervalMs = 250, abort = () => null } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    const reason = abort();
    if (reason) throw new Error(`${what}: ${reason}`);
    if (Date.now() >= deadline) {
      const cause = lastError ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${what}: not ready after ${timeoutMs / 1000}s${cause}`);
    }
    await delay(intervalMs);
  }
}
