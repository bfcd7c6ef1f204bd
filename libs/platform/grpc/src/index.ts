export { DomainErrorFilter, ERROR_FIELD_KEY, ERROR_REASON_KEY, toGrpcError } from './domain-error.filter';
export { createGrpcClient, CallOptions, GrpcClientHandle, GrpcClientOptions, PromiseClient } from './grpc-client';
export { CircuitBreaker, CircuitBreakerOptions, CircuitOpenError, CircuitState } from './resilience/circuit-breaker';
export { ResilienceOptions, withResilience } from './resilience/resilient-client';
export { isRetryableFailure, isTransportFailure } from './resilience/transport-failure';
