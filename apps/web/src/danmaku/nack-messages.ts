// What a viewer is told when the push node refuses a message (docs/protocol.md, nack reasons).
import type { NackReason } from './protocol';

export function nackMessage(reason: NackReason | string, retryAfterMs = 0): string {
  switch (reason) {
    case 'muted':
      return retryAfterMs > 0 ? `You are muted in this room for ${duration(retryAfterMs)} more.` : 'You are muted in this room until a moderator unmutes you.';
    case 'banned':
      return 'You are banned from this room: your messages are not shown.';
    case 'rate_limited':
      return `Slow down: you can send again in ${duration(Math.max(retryAfterMs, 1000))}.`;
    case 'filtered':
      return 'Not sent: the message contains a word that is not allowed here.';
    case 'too_long':
      return 'Not sent: the message is too long (100 characters at most).';
    case 'empty':
      return 'Not sent: the message is empty.';
    case 'room_not_live':
      return 'Not sent: the room is not live right now.';
    case 'unauthenticated':
      return 'Sign in to chat: guests can watch but not send messages.';
    case 'unavailable':
      return 'Not sent: the chat is briefly unavailable. Try again in a moment.';
    default:
      return 'Not sent: the message was refused.';
  }
}

/** "45 s", "3 min", "2 h". */
export function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.ceil(minutes / 60)} h`;
}
