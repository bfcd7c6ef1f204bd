// Errors the drivers raise when the server behind them cannot be reached (mysql2 and node's net,
// ioredis, kafkajs). A handler failing with one of them did nothing wrong: its dependency is down,
// and the caller should hear UNAVAILABLE (retry shortly), not INTERNAL (a bug).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
]);
const OUTAGE_NAMES = new Set(['MaxRetriesPerRequestError', 'KafkaJSConnectionError', 'KafkaJSRequestTimeoutError', 'KafkaJSNumberOfRetriesExceeded', 'KafkaJSConnectionClosedError']);
const OUTAGE_MESSAGES = [/^Command timed out$/, /^Connection is closed\.?$/, /^Stream isn't writeable/, /^Pool is closed\.?$/, /Can't add new command when connection is in closed state/];

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
  originalError?: unknown;
}

/** True when `error` (or what it wraps: typeorm's driverError, kafkajs' originalError, a cause) is a dependency that cannot be reached. */
export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { name, code, message, cause, driverError, originalError } = error as ErrorLike;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (typeof name === 'string' && OUTAGE_NAMES.has(name)) return true;
  if (typeof message === 'string' && OUTAGE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  return [driverError, originalError, cause].some((inner) => isDependencyOutage(inner, depth + 1));
}
