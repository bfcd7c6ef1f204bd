export { ERROR_FIELD_KEY, ERROR_REASON_KEY, GrpcErrorFilter, toGrpcError } from './grpc-error.filter';
export { createGrpcClient, CallOptions, GrpcClientHandle, GrpcClientOptions, PromiseClient } from './grpc-client';
export { CircuitBreaker, CircuitBreakerOptions, CircuitOpenError, CircuitState } from './resilience/circuit-breaker';
export { ResilienceOptions, withResilience } from './resilience/resilient-client';
export { isRetryableFailure, isTransportFailure } from './resilience/transport-failure';
