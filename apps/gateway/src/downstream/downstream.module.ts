import { DynamicModule, Module } from '@nestjs/common';
import { giftV1, roomV1, schedulerV1 } from '@ovation/contracts';
import type { PromiseClient } from '@ovation/grpc';
import type { GatewayConfig } from '../config';
import { downstreamClientProvider } from './downstream-client';
import { DownstreamMetrics } from './downstream-metrics';
import { GrpcHandles } from './grpc-handles';

export const ROOM_CLIENT = Symbol('ROOM_CLIENT');
export type RoomClient = PromiseClient<roomV1.RoomServiceClient>;
export const SCHEDULER_CLIENT = Symbol('SCHEDULER_CLIENT');
export type SchedulerClient = PromiseClient<schedulerV1.SchedulerServiceClient>;
export const GIFT_CLIENT = Symbol('GIFT_CLIENT');
export type GiftClient = PromiseClient<giftV1.GiftServiceClient>;

/**
 * gRPC clients of the services behind the gateway. Another resource's module adds its own
 * downstream with `downstreamClientProvider` (DownstreamMetrics and GrpcHandles are exported).
 */
@Module({})
export class DownstreamModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: DownstreamModule,
      global: true,
      providers: [
        DownstreamMetrics,
        GrpcHandles,
        downstreamClientProvider<roomV1.RoomServiceClient>(ROOM_CLIENT, config, {
          name: 'room',
          domain: 'room',
          service: 'RoomService',
          address: config.ROOM_GRPC_URL,
          idempotent: ['getRoom', 'listLiveRooms', 'listOwnerRooms', 'getPublishInfo', 'listModeration', 'checkSpeaker', 'viewSensitiveWords', 'replaceSensitiveWords'],
        }),
        downstreamClientProvider<schedulerV1.SchedulerServiceClient>(SCHEDULER_CLIENT, config, {
          name: 'scheduler',
          domain: 'scheduler',
          service: 'SchedulerService',
          address: config.SCHEDULER_GRPC_URL,
          // Placements are answers, not writes: asking twice gives the same node while the node set is unchanged.
          idempotent: ['assignViewer', 'assignIngest', 'listNodes'],
        }),
        downstreamClientProvider<giftV1.GiftServiceClient>(GIFT_CLIENT, config, {
          name: 'gift',
          domain: 'gift',
          service: 'GiftService',
          address: config.GIFT_GRPC_URL,
          // Sends and top-ups carry the client's idempotency key: a retry is answered with the first result.
          idempotent: ['listCatalog', 'getWallet', 'listLedger', 'roomLeaderboard', 'streamerRanking', 'sendGift', 'recharge'],
        }),
      ],
      exports: [ROOM_CLIENT, SCHEDULER_CLIENT, GIFT_CLIENT, DownstreamMetrics, GrpcHandles],
    };
  }
}
