import { logCreator, logLevel } from 'kafkajs';

type LogMethod = (fields: object, message?: string) => void;

/** The pino-shaped subset of a logger that kafkajs' logs are forwarded to. */
export interface KafkaLogger {
  error: LogMethod;
  warn: LogMethod;
  info: LogMethod;
  debug: LogMethod;
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

/** Routes kafkajs' log entries into our structured logger instead of its own console output. */
export function kafkaLogCreator(logger: KafkaLogger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const method = methods[level];
      if (!method) return;
      logger[method]({ ...extraFields(log), kafkaNamespace: namespace }, log.message);
    };
}
