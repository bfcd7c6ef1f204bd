export { evaluateReadiness, Readiness, ReadinessCheck, ReadinessChecks, ReadinessReport } from './readiness';
export { OpsActions, OpsRefusal, OpsServer, OpsServerOptions, startOpsServer } from './ops-server';
export { DrainState } from './drain-state';
