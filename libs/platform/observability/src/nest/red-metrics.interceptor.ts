import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { KafkaContext } from '@nestjs/microservices';
import type { Registry } from 'prom-client';
import { type Observable, tap } from 'rxjs';
import { outcomeOfHttpStatus, outcomeOfRpcError } from './outcome';
import { createRedMetrics, type Outcome, type RedMetrics } from '../metrics/red';
import { METRICS_REGISTRY } from './metrics-registry.token';

interface HttpRequestLike {
  method: string;
  // Express sets `route` to the matched route; its `path` is the template ("/rooms/:id").
  route?: { path?: string };
}

interface HttpResponseLike {
  statusCode: number;
  once(event: 'finish' | 'close', listener: () => void): void;
}

interface Measured {
  metrics: RedMetrics;
  operation: string;
  succeeded(): Outcome;
  failed(error: unknown): Outcome;
}

/**
 * Records rate, errors and duration of every HTTP request and every gRPC call or Kafka message
 * handled by a Nest controller. Operations are route templates or Controller.handler names, so
 * the label set stays as small as the code.
 */
@Injectable()
export class RedMetricsInterceptor implements NestInterceptor {
  private readonly http: RedMetrics;
  private readonly grpc: RedMetrics;
  private readonly kafka: RedMetrics;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.http = createRedMetrics(registry, 'http');
    this.grpc = createRedMetrics(registry, 'grpc');
    this.kafka = createRedMetrics(registry, 'kafka');
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') return this.measureHttp(context, next);
    const measured = this.measure(context);
    if (!measured) return next.handle();
    const stop = measured.metrics.startTimer(measured.operation);
    return next.handle().pipe(
      tap({
        complete: () => stop(measured.succeeded()),
        error: (error: unknown) => stop(measured.failed(error)),
      }),
    );
  }

  /**
   * HTTP outcomes come from the status actually sent, after exception filters have translated
   * whatever was thrown (a downstream gRPC NOT_FOUND leaves as a 404, a client error).
   */
  private measureHttp(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    const response = http.getResponse<HttpResponseLike>();
    const operation = `${request.method} ${request.route?.path ?? `${context.getClass().name}.${context.getHandler().name}`}`;
    const stop = this.http.startTimer(operation);
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      stop(outcomeOfHttpStatus(response.statusCode));
    };
    response.once('finish', record);
    response.once('close', record);
    return next.handle();
  }

  private measure(context: ExecutionContext): Measured | undefined {
    const handlerName = `${context.getClass().name}.${context.getHandler().name}`;
    switch (context.getType()) {
      case 'rpc':
        return {
          metrics: context.switchToRpc().getContext() instanceof KafkaContext ? this.kafka : this.grpc,
          operation: handlerName,
          succeeded: () => 'ok',
          failed: outcomeOfRpcError,
        };
      default:
        // WebSocket traffic is measured by the push node's own socket layer, not through Nest.
        return undefined;
    }
  }
}
