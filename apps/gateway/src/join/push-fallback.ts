import { createHash } from 'node:crypto';

/**
 * The fallback push URL for a room when the scheduler cannot be asked: rendezvous hashing over
 * the configured list, so every gateway sends one room's viewers to the same node (they share
 * its fan-out) and dropping a URL from the list moves only the rooms that were on it.
 */
export function fallbackPushUrl(roomId: string, urls: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = -1n;
  for (const url of urls) {
    const score = createHash('sha256').update(`${roomId}\n${url}`).digest().readBigUInt64BE(0);
    if (score > bestScore) {
      best = url;
      bestScore = score;
    }
  }
  return best;
}
