export { backoffDelay, RetryHooks, RetryPolicy, withRetry } from './retry';
