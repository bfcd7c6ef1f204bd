/** The record of readiness probes (`ReadinessChecks`) a service's root module provides. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
/** The service's pino logger, for code that logs outside Nest's LoggerService. */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
