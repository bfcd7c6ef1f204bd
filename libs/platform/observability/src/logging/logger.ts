import pino, { type DestinationStream, type Logger } from 'pino';
import { activeTraceFields } from './trace-fields';

/**
 * JSON lines on stdout: {"level":"info","time":"<ISO>","service":…,"trace_id":…,"span_id":…,"msg":…}.
 * Trace ids come from a mixin reading the active OpenTelemetry span, which works with or without
 * the preload (and in unit tests), instead of relying on pino being patched at require time.
 */
export function createLogger(
  service: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination: DestinationStream = pino.destination(1),
): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: activeTraceFields,
    },
    destination,
  );
}
