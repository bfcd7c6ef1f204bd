import { DynamicModule, Module } from '@nestjs/common';
import { InfrastructureLifecycle, readinessProvider, redisProvider } from '@ovation/runtime';
import { AuthModule } from './auth/auth.module';
import type { GatewayConfig } from './config';
import { DanmakuModule } from './danmaku/danmaku.module';
import { DownstreamModule } from './downstream/downstream.module';
import { giftControllers } from './gifts';
import { JoinController, PLAYBACK_SIGNING } from './join/join.controller';
import type { PlaybackSigning } from './join/playback-urls';
import { PUSH_FALLBACK_URLS, PushAssigner } from './join/push-assigner';
import { ModerationController } from './moderation/moderation.controller';
import { PlatformSensitiveWordsController, RoomSensitiveWordsController } from './moderation/sensitive-words.controller';
import { rateLimitProviders } from './rate-limit/rate-limit.providers';
import { RoomStreamController } from './rooms/room-stream.controller';
import { RoomsController } from './rooms/rooms.controller';
import { walletControllers } from './wallets';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const signing: PlaybackSigning = { publicUrl: config.PLAYBACK_PUBLIC_URL, secret: config.PLAYBACK_SIGNING_SECRET, ttlSeconds: config.PLAYBACK_URL_TTL_SECONDS };
    return {
      module: GatewayModule,
      imports: [AuthModule.forRoot(config), DownstreamModule.forRoot(config), DanmakuModule.forRoot(config)],
      controllers: [
        RoomsController,
        RoomStreamController,
        JoinController,
        ModerationController,
        PlatformSensitiveWordsController,
        RoomSensitiveWordsController,
        ...giftControllers,
        ...walletControllers,
      ],
      providers: [
        redisProvider(config),
        InfrastructureLifecycle,
        readinessProvider([]),
        ...rateLimitProviders(config),
        PushAssigner,
        { provide: PUSH_FALLBACK_URLS, useValue: config.PUSH_FALLBACK_URLS },
        { provide: PLAYBACK_SIGNING, useValue: signing },
      ],
    };
  }
}
