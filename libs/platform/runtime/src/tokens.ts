/** What /readyz evaluates (`Readiness`: the probes and which of them gate), provided by a service's root module. */
export const READINESS = Symbol('READINESS');
/** The service's pino logger, for code that logs outside Nest's LoggerService. */
export const SERVICE_LOGGER = Symbol('SERVICE_LOGGER');
