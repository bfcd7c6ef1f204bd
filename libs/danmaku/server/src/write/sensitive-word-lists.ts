import { SensitiveWordList } from '@ovation/danmaku-domain';
import type { Logger } from 'pino';
import { ExpiringCache } from '../cache/expiring-cache';
import type { PushMetrics } from '../metrics/push-metrics';
import type { RoomClient } from '../rooms/room-client';

/** The platform's list is the one with the empty room id. */
const PLATFORM = '';

export interface SensitiveWordListsOptions {
  /** How long a list is trusted before room is asked again (only for its version, when unchanged). */
  ttlMs: number;
  /** Words this node applies with the platform's list whatever room holds (SENSITIVE_WORDS, SENSITIVE_WORDS_FILE). */
  baseline: readonly string[];
  /** Rooms whose lists are kept at once. */
  maxRooms?: number;
  /** While room cannot answer, how long after expiry a list keeps filtering (see ExpiringCache). */
  staleIfErrorMs?: number;
}

/**
 * The sensitive-word lists the write path filters with: the platform's (with this node's
 * baseline words) and each room's own, as room's GetSensitiveWords answers, compiled once per
 * version. A list is asked for on first use (the platform's also at start) and kept `ttlMs`;
 * asked again in the background as it ages, only its version comes back while it is unchanged.
 * A change is announced on the room event stream (`changed`) and fetched at once, so it reaches
 * this node within seconds; the TTL bounds how long a lost announcement leaves a list stale.
 * While room cannot answer, a list this node has keeps filtering for `staleIfErrorMs`.
 */
export class SensitiveWordLists {
  private readonly lists: ExpiringCache<string, SensitiveWordList>;

  constructor(
    private readonly rooms: RoomClient,
    private readonly options: SensitiveWordListsOptions,
    private readonly metrics: PushMetrics,
    private readonly logger: Logger,
    now: () => number = Date.now,
  ) {
    this.lists = new ExpiringCache((roomId) => this.fetch(roomId), options.ttlMs, {
      maxEntries: (options.maxRooms ?? 10_000) + 1,
      now,
      staleIfErrorMs: options.staleIfErrorMs,
      onStale: () => metrics.staleRoomAnswers.inc({ answer: 'sensitive_words' }),
    });
  }

  /** Loads the platform's list; a room service that does not answer yet only makes the first chat wait for it. */
  async preload(): Promise<void> {
    await this.lists.get(PLATFORM).catch((error: unknown) => this.logger.warn({ err: error }, 'platform sensitive words not loaded at start; asking again on the first chat'));
  }

  /** The lists a message in this room is checked against. */
  listsFor(roomId: string): Promise<SensitiveWordList[]> {
    return Promise.all([this.lists.get(PLATFORM), this.lists.get(roomId)]);
  }

  /** Room announced this version of a list: fetched now unless this node has it (or never needed that room). */
  changed(roomId: string, version: number): void {
    const kept = this.lists.peek(roomId);
    if (!kept && roomId !== PLATFORM) return;
    void (async () => {
      const known = await kept?.catch(() => undefined);
      if (known && known.version >= version) return;
      const fresh = await this.fetch(roomId);
      // A lookup that started earlier may have landed meanwhile: the newer version stays.
      const current = await this.lists.peek(roomId)?.catch(() => undefined);
      if (!current || current.version < fresh.version) this.lists.set(roomId, fresh);
    })().catch((error: unknown) =>
      this.logger.warn({ err: error, list: listName(roomId), roomId: roomId || undefined, version }, 'announced sensitive words not fetched; the list is asked for again as it ages'),
    );
  }

  private async fetch(roomId: string): Promise<SensitiveWordList> {
    const list = listName(roomId);
    const known = await this.lists.peek(roomId)?.catch(() => undefined);
    try {
      const answer = await this.rooms.getSensitiveWords({ roomId, knownVersion: String(known?.version ?? 0) });
      const version = Number(answer.list?.version ?? 0);
      if (answer.unchanged && known) {
        this.metrics.sensitiveWordReloads.inc({ list, outcome: 'unchanged' });
        return known;
      }
      const words = answer.list?.words ?? [];
      const compiled = new SensitiveWordList(roomId === PLATFORM ? [...this.options.baseline, ...words] : words, version);
      this.metrics.sensitiveWordReloads.inc({ list, outcome: 'changed' });
      if (roomId === PLATFORM) {
        this.metrics.sensitiveWordListVersion.set({ list }, version);
        this.metrics.sensitiveWordListSize.set({ list }, compiled.size);
      }
      if (known || version > 0) this.logger.info({ list, roomId: roomId || undefined, version, words: compiled.size }, 'sensitive words loaded');
      return compiled;
    } catch (error) {
      this.metrics.sensitiveWordReloads.inc({ list, outcome: 'failed' });
      throw error;
    }
  }
}

function listName(roomId: string): 'platform' | 'room' {
  return roomId === PLATFORM ? 'platform' : 'room';
}
