import { createHash } from 'node:crypto';

/**
 * A chat message's id, derived from who sent what where: a retry of the same client message
 * gets the same id, so anything downstream (clients, the archive) can drop a duplicate.
 */
export function chatMessageId(roomId: string, userId: string, clientMsgId: string): string {
  return createHash('sha256').update(`${roomId}\u0000${userId}\u0000${clientMsgId}`).digest('base64url').slice(0, 22);
}
