import type { Logger } from 'pino';

export interface Periodic {
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/** Runs `task` every `intervalMs`, never two runs at once (a slow run delays the next); failures are logged. */
export function every(name: string, intervalMs: number, task: () => Promise<unknown>, logger: Logger): Periodic {
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return;
    running = task()
      .then(() => undefined)
      .catch((error) => logger.error({ err: error, job: name }, 'periodic job failed'))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(run, intervalMs);
  run();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
