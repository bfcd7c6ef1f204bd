import { DynamicModule, Module } from '@nestjs/common';
import { Topics } from '@ovation/contracts';
import { InfrastructureLifecycle, kafkaProviders, readinessProvider, redisProvider } from '@ovation/runtime';
import { archiveControllers, archiveProviders } from './archive.providers';
import type { PushConfig } from './config';
import { danmakuControllers, danmakuProviders } from './danmaku.providers';
import { PUSH_CONFIG, RoomEventsConsumer } from './consumers/room-events.consumer';

@Module({})
export class PushModule {
  static forRoot(config: PushConfig): DynamicModule {
    return {
      module: PushModule,
      controllers: [...archiveControllers, ...danmakuControllers],
      providers: [
        { provide: PUSH_CONFIG, useValue: config },
        redisProvider(config),
        ...kafkaProviders('danmaku-push', config, [Topics.roomEvents]),
        InfrastructureLifecycle,
        readinessProvider(['redis', 'kafka']),
        RoomEventsConsumer,
        ...danmakuProviders(config),
        ...archiveProviders(config),
      ],
    };
  }
}
