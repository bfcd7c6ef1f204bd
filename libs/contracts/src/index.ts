// Generated message types and Nest service interfaces, one namespace per proto package
// (message names are only unique within a package).
export * as commonV1 from './generated/index.ovation.common.v1';
export * as danmakuV1 from './generated/index.ovation.danmaku.v1';
export * as giftV1 from './generated/index.ovation.gift.v1';
export * as ingestV1 from './generated/index.ovation.ingest.v1';
export * as playbackV1 from './generated/index.ovation.playback.v1';
export * as roomV1 from './generated/index.ovation.room.v1';
export * as schedulerV1 from './generated/index.ovation.scheduler.v1';

export { grpcDomains, grpcLoaderOptions, grpcServiceDefinition } from './grpc-definitions';
export type { GrpcDomain, GrpcServiceDefinition } from './grpc-definitions';
export { kafkaCodecs } from './kafka-codecs';
export type { KafkaCodec, TopicMessage } from './kafka-codecs';
export { protoRoot } from './proto-path';
export { Topics } from './topics';
export type { Topic } from './topics';
