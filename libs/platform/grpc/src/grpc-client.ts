import { credentials, loadPackageDefinition, Metadata, ServiceError } from '@grpc/grpc-js';
import type { Client, ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { GrpcDomain, grpcLoaderOptions, grpcServiceDefinition } from '@ovation/contracts';
import type { Observable } from 'rxjs';

export interface CallOptions {
  /** Overrides the client's default deadline for this call. */
  deadlineMs?: number;
  metadata?: Metadata;
}

/**
 * The promise-returning shape of a ts-proto NestJS client interface: every
 * `method(request, metadata?) => Observable<Response>` becomes `method(request, options?) => Promise<Response>`.
 */
export type PromiseClient<NestClient> = {
  [Method in keyof NestClient]: NestClient[Method] extends (request: infer Request, ...rest: never[]) => Observable<infer Response>
    ? (request: Request, options?: CallOptions) => Promise<Response>
    : never;
};

export interface GrpcClientOptions {
  domain: GrpcDomain;
  /** The service's name inside the proto package, e.g. `RoomService`. */
  service: string;
  /** host:port of the server. */
  address: string;
  /** Every call gets a deadline; a caller never waits forever on a sick dependency. */
  defaultDeadlineMs: number;
}

export interface GrpcClientHandle<NestClient> {
  client: PromiseClient<NestClient>;
  close(): void;
}

/**
 * How fast a channel that could not connect tries again. grpc-js backs off up to 120 s by default:
 * a dependency back after a short outage (a pod restarted, a Service with a ready pod again) would
 * stay unreachable to this client for up to two minutes, every call failing at once with "No
 * connection established". One connect attempt every few seconds per channel costs nothing.
 */
const CHANNEL_OPTIONS = { 'grpc.initial_reconnect_backoff_ms': 500, 'grpc.max_reconnect_backoff_ms': 5_000 };

/** A gRPC client from the same .proto and loader options the servers use. */
export function createGrpcClient<NestClient>(options: GrpcClientOptions): GrpcClientHandle<NestClient> {
  const { package: protoPackage, protoPath } = grpcServiceDefinition(options.domain);
  const definition = loadPackageDefinition(loadSync(protoPath, grpcLoaderOptions));
  const Constructor = lookup(definition, `${protoPackage}.${options.service}`) as ServiceClientConstructor;
  const raw = new Constructor(options.address, credentials.createInsecure(), CHANNEL_OPTIONS);

  const methodNames = Object.keys(Constructor.service).map((name) => name.charAt(0).toLowerCase() + name.slice(1));
  const client = Object.fromEntries(
    methodNames.map((method) => [method, (request: unknown, call: CallOptions = {}) => invoke(raw, method, request, call, options)]),
  ) as PromiseClient<NestClient>;
  return { client, close: () => raw.close() };
}

function invoke(raw: Client, method: string, request: unknown, call: CallOptions, options: GrpcClientOptions): Promise<unknown> {
  const deadline = Date.now() + (call.deadlineMs ?? options.defaultDeadlineMs);
  return new Promise((resolve, reject) => {
    const fn = (raw as unknown as Record<string, (...args: unknown[]) => void>)[method];
    fn.call(raw, request, call.metadata ?? new Metadata(), { deadline }, (error: ServiceError | null, response: unknown) =>
      error ? reject(error) : resolve(response),
    );
  });
}

function lookup(root: object, dottedName: string): unknown {
  const found = dottedName.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], root);
  if (!found) throw new Error(`gRPC service ${dottedName} is not defined in the loaded protos`);
  return found;
}
