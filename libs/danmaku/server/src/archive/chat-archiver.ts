import { roomV1 } from '@ovation/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { ArchivableEvent, ArchivedMessage, eventTimeOf } from './archived-message';
import type { LiveSince } from './room-live-since';
import { StreamStarts } from './stream-starts';

export interface ArchiveResult {
  /** Chat messages in the batch. */
  chats: number;
  /** Rows written now; the rest were already archived (a redelivery). */
  inserted: number;
}

const COLUMNS = [
  'room_id',
  'stream_started_at_ms',
  'offset_ms',
  'position',
  'message_id',
  'client_msg_id',
  'user_id',
  'display_name',
  'text',
  'role',
  'sent_at_ms',
] as const;

/**
 * Persists the chat of a run of room events (in stream order) as one multi-row insert, keyed by
 * message id so a redelivered event is a no-op, each message placed at its offset from the start
 * of the live session it was sent in. Other events only move session boundaries.
 */
export class ChatArchiver {
  private readonly starts: StreamStarts;

  /** `liveSince`: where room says a session started, for a room whose LIVE event was never seen. */
  constructor(
    private readonly dataSource: DataSource,
    liveSince?: LiveSince,
  ) {
    this.starts = new StreamStarts(liveSince);
  }

  async archive(events: ArchivableEvent[]): Promise<ArchiveResult> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const rows: ArchivedMessage[] = [];
        for (const archivable of events) {
          const row = await this.apply(manager, archivable);
          if (row) rows.push(row);
        }
        return { chats: rows.length, inserted: await insertRows(manager, rows) };
      });
    } catch (error) {
      this.starts.forget();
      throw error;
    }
  }

  private async apply(manager: EntityManager, archivable: ArchivableEvent): Promise<ArchivedMessage | undefined> {
    const { event } = archivable;
    const atMs = eventTimeOf(archivable);
    if (event.state?.to === roomV1.RoomStatus.ROOM_STATUS_LIVE) await this.starts.wentLive(manager, event.roomId, atMs);
    if (event.state?.to === roomV1.RoomStatus.ROOM_STATUS_ENDED) await this.starts.ended(manager, event.roomId, atMs);
    if (!event.chat) return undefined;
    const streamStartedAtMs = await this.starts.sessionFor(manager, event.roomId, atMs);
    return {
      roomId: event.roomId,
      streamStartedAtMs,
      // A sender's clock a little behind the room's still lands at the session's start, not before it.
      offsetMs: Math.max(0, atMs - streamStartedAtMs),
      position: archivable.position,
      messageId: event.chat.messageId,
      clientMsgId: event.chat.clientMsgId,
      userId: event.chat.userId,
      displayName: event.chat.displayName,
      text: event.chat.text,
      role: event.chat.role,
      sentAtMs: atMs,
    };
  }
}

/** One INSERT for the whole batch; IGNORE skips rows whose message id (or place) is already there. */
async function insertRows(manager: EntityManager, rows: ArchivedMessage[]): Promise<number> {
  if (!rows.length) return 0;
  const placeholders = rows.map(() => `(${COLUMNS.map(() => '?').join(',')})`).join(',');
  const values = rows.flatMap((row) => [
    row.roomId,
    row.streamStartedAtMs,
    row.offsetMs,
    row.position,
    row.messageId,
    row.clientMsgId,
    row.userId,
    row.displayName,
    row.text,
    row.role,
    row.sentAtMs,
  ]);
  const result = (await manager.query(`INSERT IGNORE INTO danmaku_archive (${COLUMNS.join(',')}) VALUES ${placeholders}`, values)) as { affectedRows: number };
  return result.affectedRows;
}
