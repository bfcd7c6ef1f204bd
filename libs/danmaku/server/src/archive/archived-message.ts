import type { roomV1 } from '@ovation/contracts';

/** One room event read from the stream, with where it sits in its room's stream. */
export interface ArchivableEvent {
  event: roomV1.RoomEvent;
  /** The event's position in its room's stream (decimal int64), as viewers see it. */
  position: string;
  /** When the broker stamped it: stands in for a missing `at_ms`. */
  brokerTimestampMs: number;
}

/** A chat message as replay serves it: placed on the timeline of the live session it was sent in. */
export interface ArchivedMessage {
  roomId: string;
  /** Epoch milliseconds the session went live: the zero of `offsetMs`. */
  streamStartedAtMs: number;
  /** Milliseconds from the session's start (never negative). */
  offsetMs: number;
  position: string;
  messageId: string;
  clientMsgId: string;
  userId: string;
  displayName: string;
  text: string;
  role: string;
  sentAtMs: number;
}

/** Epoch milliseconds an event happened: its source's clock, or the broker's when the source left it empty. */
export function eventTimeOf(archivable: ArchivableEvent): number {
  const atMs = Number(archivable.event.atMs);
  return atMs > 0 ? atMs : archivable.brokerTimestampMs;
}
