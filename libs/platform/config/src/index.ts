export { ConfigError } from './config-error';
export { loadConfig } from './load-config';
export { field } from './fields';
export { serviceFields, opsActionFields, grpcServerFields, mysqlFields, redisFields, kafkaFields } from './fragments';
export { hostOf, isLoopbackHost, podFields, refuseLoopbackInPod } from './advertised';
export { readTlsFiles } from './tls';
export type { TlsFileVariables, TlsMaterial } from './tls';
