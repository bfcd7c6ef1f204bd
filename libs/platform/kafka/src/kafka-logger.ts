import { logCreator, logLevel } from 'kafkajs';

type LogMethod = (fields: object, message?: string) => void;

/** The pino-shaped subset of a logger that kafkajs' logs are forwarded to. */
export interface KafkaLogger {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
}

export interface KafkaLogOptions {
  /**
   * An error or warning repeated within this window is counted, not written: a broker outage
   * otherwise writes one line per reconnect attempt of every client (default 10000).
   */
  repeatWindowMs?: number;
  now?: () => number;
}

const methods: Partial<Record<logLevel, keyof KafkaLogger>> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

// kafkajs stamps its own time and logger name; the structured logger has both already.
const omitted = new Set(['message', 'timestamp', 'logger']);
const extraFields = (log: object) => Object.fromEntries(Object.entries(log).filter(([name]) => !omitted.has(name)));

// A member joining or leaving a group makes the broker answer the others' heartbeats with
// REBALANCE_IN_PROGRESS; kafkajs logs that reply as an error, then rejoins by itself. Routine at
// every deploy and scale-out: an SRE should not see ERROR for it.
const ROUTINE_ERRORS = new Set(['The group is rebalancing, so a rejoin is needed']);

/** Routes kafkajs' log entries into our structured logger instead of its own console output. */
export function kafkaLogCreator(logger: KafkaLogger, options: KafkaLogOptions = {}): logCreator {
  const windowMs = options.repeatWindowMs ?? 10_000;
  const now = options.now ?? Date.now;
  const recent = new Map<string, { until: number; repeated: number }>();
  return () =>
    ({ namespace, level: reported, log }) => {
      const routine = reported === logLevel.ERROR && ROUTINE_ERRORS.has(String((log as { error?: unknown }).error));
      const level = routine ? logLevel.INFO : reported;
      const method = methods[level];
      if (!method) return;
      let repeated = 0;
      if (level <= logLevel.WARN) {
        const key = `${level}|${namespace}|${log.message}`;
        const seen = recent.get(key);
        if (seen && now() < seen.until) {
          seen.repeated += 1;
          return;
        }
        repeated = seen?.repeated ?? 0;
        if (recent.size > 1_000) recent.clear();
        recent.set(key, { until: now() + windowMs, repeated: 0 });
      }
      logger[method]({ ...extraFields(log), kafkaNamespace: namespace, ...(repeated ? { repeatedSinceLastLogged: repeated } : {}) }, log.message);
    };
}
