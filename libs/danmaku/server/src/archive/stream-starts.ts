import type { EntityManager } from 'typeorm';

/** Bound on rooms remembered in memory; a forgotten room is read back from the table. */
const MAX_CACHED_ROOMS = 100_000;

/**
 * Where each room's current live session started, as the ordered room stream says: a
 * RoomStateChanged → LIVE opens a session, → ENDED closes it. Kept in `danmaku_streams` so a
 * restarted archiver places the next chat on the same timeline.
 */
export class StreamStarts {
  private readonly current = new Map<string, number>();

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
   * The start of the session a chat sent at `sentAtMs` belongs to. A room whose LIVE event this
   * archiver never saw (older than the topic's retention) gets a session starting at that chat.
   */
  async sessionFor(manager: EntityManager, roomId: string, sentAtMs: number): Promise<number> {
    const known = await this.startOf(manager, roomId);
    if (known !== undefined) return known;
    await manager.query('INSERT IGNORE INTO danmaku_streams (room_id, started_at_ms, inferred) VALUES (?, ?, 1)', [roomId, sentAtMs]);
    this.remember(roomId, sentAtMs);
    return sentAtMs;
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
