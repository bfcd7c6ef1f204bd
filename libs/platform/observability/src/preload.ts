// Run as `node --require dist/libs/platform/observability/src/preload.js dist/apps/<svc>/src/main.js`.
// The instrumentations patch http, @grpc/grpc-js, ioredis and mysql2 (kafkajs is traced by @ovation/kafka) when they are first
// required, so this must run before the app loads anything: keep it free of Nest and app imports.
import { startTelemetry } from './tracing/telemetry';

startTelemetry({ serviceName: process.env.OTEL_SERVICE_NAME ?? process.env.SERVICE_NAME });
