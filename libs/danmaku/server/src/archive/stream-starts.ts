import type { EntityManager } from 'typeorm';
import type { LiveSince } from './room-live-since';

/** Bound on rooms remembered in memory; a forgotten room is read back from the table. */
const MAX_CACHED_ROOMS = 100_000;

/**
 * Where each room's current live session started, as the ordered room stream says: a
 * RoomStateChanged → LIVE opens a session, → ENDED closes it. Kept in `danmaku_streams` so a
 * restarted archiver places the next chat on the same timeline.
 */
export class StreamStarts {
  private readonly current = new Map<string, number>();

  constructor(private readonly liveSince?: LiveSince) {}

  async wentLive(manager: EntityManager, roomId: string, atMs: number): Promise<void> {
    await manager.query('INSERT IGNORE INTO danmaku_streams (room_id, started_at_ms) VALUES (?, ?)', [roomId, atMs]);
    this.remember(roomId, atMs);
  }

  async ended(manager: EntityManager, roomId: string, atMs: number): Promise<void> {
    const startedAt = await this.startOf(manager, roomId);
    if (startedAt === undefined) return;
    await manager.query('UPDATE danmaku_streams SET ended_at_ms = ? WHERE room_id = ? AND started_at_ms = ?', [atMs, roomId, startedAt]);
  }

  /**
   * The start of the session a chat sent at `sentAtMs` belongs to. For a room whose LIVE event
   * this archiver never saw (older than the topic's retention, or lost by room between its commit
   * and its publish) room is asked; only when room knows no start either does the session start
   * at that chat (`inferred`).
   */
  async sessionFor(manager: EntityManager, roomId: string, sentAtMs: number): Promise<number> {
    const known = await this.startOf(manager, roomId);
    if (known !== undefined) return known;
    const told = await this.liveSince?.(roomId);
    const startedAt = told ?? sentAtMs;
    await manager.query('INSERT IGNORE INTO danmaku_streams (room_id, started_at_ms, inferred) VALUES (?, ?, ?)', [roomId, startedAt, told === undefined ? 1 : 0]);
    this.remember(roomId, startedAt);
    return startedAt;
  }

  /** Drops what memory holds (after a failed transaction: the table is the truth). */
  forget(): void {
    this.current.clear();
  }

  private async startOf(manager: EntityManager, roomId: string): Promise<number | undefined> {
    const cached = this.current.get(roomId);
    if (cached !== undefined) return cached;
    const [row] = (await manager.query('SELECT MAX(started_at_ms) AS startedAt FROM danmaku_streams WHERE room_id = ?', [roomId])) as { startedAt: string | null }[];
    if (row?.startedAt == null) return undefined;
    this.remember(roomId, Number(row.startedAt));
    return Number(row.startedAt);
  }

  private remember(roomId: string, startedAtMs: number): void {
    this.current.delete(roomId);
    this.current.set(roomId, startedAtMs);
    if (this.current.size > MAX_CACHED_ROOMS) this.current.delete(this.current.keys().next().value!);
  }
}
