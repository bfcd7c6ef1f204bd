import { roomV1 } from '@ovation/contracts';
import { HistoryWindow, StreamEvent } from '@ovation/danmaku-domain';
import type { RedisClient } from '@ovation/redis';
import { APPEND_SCRIPT, READ_AFTER_SCRIPT } from './history-scripts';

export interface RoomHistoryOptions {
  /** Events kept per room (the newest). */
  maxEvents: number;
  /** A room's history vanishes after this long without a new event. */
  ttlMs: number;
}

/** A history entry: the event's bytes as they were on Kafka, so every node writes the same member. */
export interface RecordedEvent extends StreamEvent {
  bytes: Uint8Array;
}

type ScriptedRedis = RedisClient & {
  ovationDanmakuHistoryAppend(history: string, floor: string, ...args: Array<string | number | Buffer>): Promise<number>;
  // ioredis defines a *Buffer twin of every script: replies as bytes (members are binary).
  ovationDanmakuHistoryReadAfterBuffer(history: string, floor: string, after: number): Promise<[Buffer | null, Buffer | null, Buffer[]]>;
};

/**
 * The recent events of every room in Redis (a sorted set per room scored by position), shared by
 * every push node: a viewer resumes on any node. Keys share the room's hash tag (Cluster-safe).
 */
export class RoomHistory {
  private readonly redis: ScriptedRedis;

  constructor(
    redis: RedisClient,
    private readonly options: RoomHistoryOptions,
  ) {
    if (!('ovationDanmakuHistoryAppend' in redis)) {
      redis.defineCommand('ovationDanmakuHistoryAppend', { numberOfKeys: 2, lua: APPEND_SCRIPT });
      redis.defineCommand('ovationDanmakuHistoryReadAfter', { numberOfKeys: 2, lua: READ_AFTER_SCRIPT });
    }
    this.redis = redis as ScriptedRedis;
  }

  /** Loads the scripts now, so the first append cannot be overtaken by a later read while ioredis retries a NOSCRIPT. */
  async preload(): Promise<void> {
    await Promise.all([APPEND_SCRIPT, READ_AFTER_SCRIPT].map((lua) => this.redis.script('LOAD', lua)));
  }

  /**
   * Appends each room's events (one script call per room, issued at once). Commands reach
   * Redis in the order they are issued on the client, so what a node appended is visible to any
   * read it issues afterwards: a resume never misses what this node already fanned out.
   */
  async append(byRoom: ReadonlyMap<string, readonly RecordedEvent[]>): Promise<void> {
    const appends = [...byRoom].map(([roomId, events]) =>
      this.redis.ovationDanmakuHistoryAppend(
        historyKey(roomId),
        floorKey(roomId),
        this.options.maxEvents,
        this.options.ttlMs,
        ...events.flatMap((recorded) => [recorded.position, member(recorded)]),
      ),
    );
    await Promise.all(appends);
  }

  /** What a resume from `lastPosition` needs, read atomically. */
  async after(roomId: string, lastPosition: number): Promise<HistoryWindow> {
    const [floor, oldest, members] = await this.redis.ovationDanmakuHistoryReadAfterBuffer(historyKey(roomId), floorKey(roomId), lastPosition);
    return {
      floor: floor === null ? undefined : Number(floor.toString()),
      oldest: oldest === null ? undefined : Number(oldest.toString()),
      after: members.map(parseMember),
    };
  }

  /** The newest `count` events, oldest first. */
  async latest(roomId: string, count: number): Promise<StreamEvent[]> {
    const members = await this.redis.zrangeBuffer(historyKey(roomId), -count, -1);
    return members.map(parseMember);
  }
}

const historyKey = (roomId: string) => `danmaku:history:{${roomId}}`;
const floorKey = (roomId: string) => `danmaku:history:{${roomId}}:floor`;

// 8 bytes of position, then the RoomEvent bytes: unique per event, identical on every node.
function member({ position, bytes }: RecordedEvent): Buffer {
  const head = Buffer.allocUnsafe(8);
  head.writeBigUInt64BE(BigInt(position));
  return Buffer.concat([head, bytes]);
}

function parseMember(raw: Buffer): StreamEvent {
  return { position: Number(raw.readBigUInt64BE(0)), event: roomV1.RoomEvent.decode(raw.subarray(8)) };
}
