import { RoomStatus } from './lifecycle';

/** What the room knows about the stream feeding it. */
export interface StreamSession {
  status: RoomStatus;
  /** The ingest node publishing (or last publishing) the room's stream. */
  publishingNode: string | null;
  /** The publish session id ingest gave that stream; a reconnect gets a new one. */
  publishingStreamId: string | null;
  /** Epoch ms the stream was lost; set while the grace period runs, null otherwise. */
  streamLostAt: number | null;
}

export interface StreamRef {
  node: string;
  streamId: string;
}

/**
 * What a StreamStarted does: `go_live` (created → live), `resume` (a new stream took over a live
 * room: cancels a running grace period or moves to another node), or `ignore` with why — a
 * redelivered event, or a room that is already over. Deciding on the stream id makes redelivery harmless.
 */
export type StartedDecision = { kind: 'go_live' } | { kind: 'resume' } | { kind: 'ignore'; why: 'duplicate' | 'room_ended' };

export function onStreamStarted(session: StreamSession, stream: StreamRef): StartedDecision {
  if (session.status === 'ended') return { kind: 'ignore', why: 'room_ended' };
  if (session.publishingStreamId === stream.streamId) return { kind: 'ignore', why: 'duplicate' };
  return session.status === 'created' ? { kind: 'go_live' } : { kind: 'resume' };
}

/**
 * What a StreamStopped does: start the grace period only when the stream that stopped is the one
 * feeding a live room and no grace runs yet. A stop of an older session (the broadcaster already
 * reconnected) or a redelivery changes nothing.
 */
export type StoppedDecision = { kind: 'start_grace' } | { kind: 'ignore'; why: 'not_live' | 'stale_stream' | 'grace_running' };

export function onStreamStopped(session: StreamSession, stream: StreamRef): StoppedDecision {
  if (session.status !== 'live') return { kind: 'ignore', why: 'not_live' };
  if (session.publishingStreamId !== stream.streamId) return { kind: 'ignore', why: 'stale_stream' };
  if (session.streamLostAt !== null) return { kind: 'ignore', why: 'grace_running' };
  return { kind: 'start_grace' };
}

/** A lost stream ends the room once the grace period has passed without a new stream. */
export function graceExpired(streamLostAt: number, graceMs: number, now: number): boolean {
  return now - streamLostAt >= graceMs;
}

export type PublishDenial = 'unknown_key' | 'room_ended' | 'already_live';

/**
 * May `node` publish the room this key belongs to? Not when the room is over, nor while another
 * node's stream is feeding it; the same node may (node-media-server reconnects), and any node may
 * once the stream was lost (the grace period is for the broadcaster to come back, wherever).
 */
export function publishDenial(session: StreamSession, node: string): PublishDenial | null {
  if (session.status === 'ended') return 'room_ended';
  const streamInUse = session.status === 'live' && session.streamLostAt === null;
  if (streamInUse && session.publishingNode !== null && session.publishingNode !== node) return 'already_live';
  return null;
}
