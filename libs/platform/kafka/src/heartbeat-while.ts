/**
 * Runs `work` while calling `heartbeat` on a timer. kafkajs only heartbeats between messages, so
 * a handler slower than the session timeout would get its consumer thrown out of the group (and
 * its message handed to another one) unless something heartbeats while it runs.
 */
export async function heartbeatWhile<T>(
  work: () => Promise<T>,
  heartbeat: () => Promise<void>,
  everyMs: number,
  onHeartbeatError: (error: unknown) => void,
): Promise<T> {
  let pending = false;
  const timer = setInterval(() => {
    if (pending) return;
    pending = true;
    heartbeat()
      .catch(onHeartbeatError)
      .finally(() => (pending = false));
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
