export { evaluateReadiness, Readiness, ReadinessCheck, ReadinessChecks, ReadinessReport } from './readiness';
export { OpsActions, OpsServer, OpsServerOptions, startOpsServer } from './ops-server';
export { DrainState } from './drain-state';
