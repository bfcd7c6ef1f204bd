import type { Options } from '@grpc/proto-loader';
import { join } from 'node:path';
import { protoRoot } from './proto-path';

/**
 * How every Ovation server and client loads the protos. The generated types in this library
 * describe exactly these shapes: camelCase fields, int64 as decimal strings, enums by name,
 * scalars defaulted, oneof members as properties (plus proto-loader's virtual case field).
 */
export const grpcLoaderOptions = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [protoRoot()],
} satisfies Options;

const services = {
  room: 'room/v1/room.proto',
  gift: 'gift/v1/gift.proto',
  scheduler: 'scheduler/v1/scheduler.proto',
  danmaku: 'danmaku/v1/danmaku.proto',
  ingest: 'ingest/v1/ingest.proto',
  playback: 'playback/v1/playback.proto',
} as const;

/** A domain that serves gRPC. */
export type GrpcDomain = keyof typeof services;

export const grpcDomains = Object.keys(services) as GrpcDomain[];

export interface GrpcServiceDefinition {
  /** The proto package, e.g. `ovation.room.v1`. */
  package: string;
  /** Absolute path of the .proto declaring the domain's service. */
  protoPath: string;
}

/** The package and .proto of a domain's gRPC service: spread into Nest's Transport.GRPC options or a client's. */
export function grpcServiceDefinition(domain: GrpcDomain): GrpcServiceDefinition {
  return { package: `ovation.${domain}.v1`, protoPath: join(protoRoot(), 'ovation', services[domain]) };
}
