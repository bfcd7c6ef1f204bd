import type { IncomingMessage } from 'node:http';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';

// Probes and scrapes hit every pod every few seconds; tracing them would drown real traffic.
const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function isOpsRequest(request: IncomingMessage): boolean {
  const path = (request.url ?? '').split('?')[0];
  return OPS_PATHS.has(path);
}

/**
 * The libraries every Ovation service talks through; log correlation is done by our pino mixin.
 * Kafka is traced by @ovation/kafka itself (a producer span per message, a consumer span per
 * handled message): the kafkajs instrumentation would parent a whole group-committed or relayed
 * batch on whichever trace happened to flush it, and overwrite the context each message carries.
 */
export function createInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: isOpsRequest }),
    new GrpcInstrumentation(),
    new IORedisInstrumentation(),
    new MySQL2Instrumentation(),
  ];
}
