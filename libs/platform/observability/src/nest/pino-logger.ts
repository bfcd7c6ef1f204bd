import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';

// The shape Nest's ConsoleLogger also recognises: a first line, then "    at file:line:col".
const STACK_TRACE = /^.+\n\s+at .+:\d+:\d+/;

const isStackTrace = (value: unknown): value is string => typeof value === 'string' && STACK_TRACE.test(value);

/**
 * Nest passes its context (the class name given to `new Logger(...)`) as the last string argument,
 * and `error` may carry a stack trace before it.
 */
function contextAndStack(params: unknown[]): { context?: string; stack?: string } {
  const last = params.at(-1);
  return {
    context: typeof last === 'string' && !isStackTrace(last) ? last : undefined,
    stack: params.find(isStackTrace),
  };
}

/** Routes Nest's own logs (and `new Logger(Context)` calls) into the service's pino logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const { context, stack } = contextAndStack(params);
    const fields = { ...(context && { context }), ...(stack && { stack }) };
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
