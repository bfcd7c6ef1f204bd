import type { PresenceAggregator } from '@ovation/presence';
import type { RoomOnlineCounts } from './room-online-counts';

/** Online counts as the room service last aggregated them from the push nodes' presence reports (read only). */
export class PresenceOnlineCounts implements RoomOnlineCounts {
  constructor(private readonly presence: Pick<PresenceAggregator, 'onlineCounts'>) {}

  async online(roomId: string): Promise<number> {
    return (await this.presence.onlineCounts([roomId])).get(roomId) ?? 0;
  }
}
