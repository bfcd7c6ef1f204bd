import { ValidationError } from '@ovation/errors';
import type { DataSource } from 'typeorm';
import { decodeArchiveCursor, encodeArchiveCursor } from './archive-cursor';
import type { ArchivedMessage } from './archived-message';

export const MAX_ARCHIVE_PAGE = 1000;

export interface ArchiveQuery {
  roomId: string;
  /** Milliseconds from the session's start, inclusive. */
  fromMs: number;
  /** Exclusive; undefined: to the end of the session. */
  toMs?: number;
  limit: number;
  /** From the previous page; pins the session. */
  cursor?: string;
  /** Which live session (its start, epoch ms); undefined: the room's latest. */
  streamStartedAtMs?: number;
}

export interface ArchivePage {
  /** The session read; null when the room never went live (then there are no messages). */
  streamStartedAtMs: number | null;
  /** In the order viewers saw them: by offset, then stream position. */
  messages: ArchivedMessage[];
  /** Set when more messages of the range follow. */
  nextCursor: string | null;
}

interface ArchiveRow {
  room_id: string;
  stream_started_at_ms: string;
  offset_ms: string;
  position: string;
  message_id: string;
  client_msg_id: string;
  user_id: string;
  display_name: string;
  text: string;
  role: string;
  sent_at_ms: string;
}

/** Reads a time range of a room's archived chat, a page at a time, for replay beside a recording. */
export class ArchiveReader {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: ArchiveQuery): Promise<ArchivePage> {
    validate(query);
    const after = query.cursor ? decodeArchiveCursor(query.cursor) : undefined;
    const streamStartedAtMs = after?.streamStartedAtMs ?? query.streamStartedAtMs ?? (await this.latestSession(query.roomId));
    if (streamStartedAtMs === undefined) return { streamStartedAtMs: null, messages: [], nextCursor: null };

    const conditions = ['room_id = ?', 'stream_started_at_ms = ?', 'offset_ms >= ?'];
    const params: (string | number)[] = [query.roomId, streamStartedAtMs, query.fromMs];
    if (query.toMs !== undefined) {
      conditions.push('offset_ms < ?');
      params.push(query.toMs);
    }
    if (after) {
      conditions.push('(offset_ms > ? OR (offset_ms = ? AND position > ?))');
      params.push(after.offsetMs, after.offsetMs, after.position);
    }
    const rows = (await this.dataSource.query(
      `SELECT * FROM danmaku_archive WHERE ${conditions.join(' AND ')} ORDER BY offset_ms, position LIMIT ${query.limit + 1}`,
      params,
    )) as ArchiveRow[];

    const messages = rows.slice(0, query.limit).map(toMessage);
    const last = messages[messages.length - 1];
    const nextCursor = rows.length > query.limit ? encodeArchiveCursor({ streamStartedAtMs, offsetMs: last.offsetMs, position: last.position }) : null;
    return { streamStartedAtMs, messages, nextCursor };
  }

  private async latestSession(roomId: string): Promise<number | undefined> {
    const [row] = (await this.dataSource.query('SELECT MAX(started_at_ms) AS startedAt FROM danmaku_streams WHERE room_id = ?', [roomId])) as {
      startedAt: string | null;
    }[];
    return row?.startedAt == null ? undefined : Number(row.startedAt);
  }
}

function validate(query: ArchiveQuery): void {
  if (!query.roomId) throw new ValidationError('room_id', 'room_id is required');
  if (!Number.isSafeInteger(query.fromMs) || query.fromMs < 0) throw new ValidationError('from', 'from must be a whole number of milliseconds, 0 or more');
  if (query.toMs !== undefined && (!Number.isSafeInteger(query.toMs) || query.toMs <= query.fromMs)) {
    throw new ValidationError('to', 'to must be a whole number of milliseconds after from');
  }
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_ARCHIVE_PAGE) {
    throw new ValidationError('limit', `limit must be between 1 and ${MAX_ARCHIVE_PAGE}`);
  }
}

function toMessage(row: ArchiveRow): ArchivedMessage {
  return {
    roomId: row.room_id,
    streamStartedAtMs: Number(row.stream_started_at_ms),
    offsetMs: Number(row.offset_ms),
    position: row.position,
    messageId: row.message_id,
    clientMsgId: row.client_msg_id,
    userId: row.user_id,
    displayName: row.display_name,
    text: row.text,
    role: row.role,
    sentAtMs: Number(row.sent_at_ms),
  };
}
