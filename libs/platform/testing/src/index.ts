export { RunningProcess, ServiceInstance, startTestFleet, TestFleet, TestFleetOptions, testSecrets } from './fleet';
export { dropDatabases } from './drop-databases';
export { dropTopics } from './drop-topics';
export { infraEnv, isolatedNamespace } from './infra-env';
export { waitFor } from './wait-for';
export { workspaceRoot } from './workspace';
export { OtlpReceiver, ReceivedSpan, startOtlpReceiver } from './otlp-receiver';
export { announceStreamsStarted } from './stream-events';
export { PrivateKafka, startPrivateKafka } from './private-kafka';
