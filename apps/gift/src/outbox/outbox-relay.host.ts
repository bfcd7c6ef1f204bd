import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelay } from '@ovation/gift-server';
import type { GiftConfig } from '../config';
import { GIFT_CONFIG } from '../gift.tokens';

/** Runs the outbox relay for the life of the process (when OUTBOX_RELAY_ENABLED). */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    @Inject(GIFT_CONFIG) private readonly config: GiftConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.OUTBOX_RELAY_ENABLED) this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
