import { roomV1 } from '@ovation/contracts';
import type { ComposedBatch } from '@ovation/danmaku-domain';
import { LiveLog } from './live-log';

const batch = (...positions: number[]): ComposedBatch => ({
  events: positions.map((position) => ({ position, event: { roomId: 'r', atMs: '0', gift: { orderId: `o${position}` } as roomV1.GiftEffect } })),
  droppedChat: 1,
});

function logOf(...windows: Array<[number[], number]>): LiveLog {
  const log = new LiveLog();
  for (const [positions, lastPosition] of windows) log.append(batch(...positions), lastPosition);
  return log;
}

describe('LiveLog', () => {
  it('gives a socket the chunks after the position it has, oldest first', () => {
    const log = logOf([[1, 2], 3], [[5], 6], [[7], 7]);
    expect(log.after(0).map((chunk) => chunk.seq)).toEqual([1, 2, 3]);
    expect(log.after(3).map((chunk) => chunk.seq)).toEqual([2, 3]);
    // Position 4 was sampled away from the first chunk's window: the socket still lacks the second chunk.
    expect(log.after(4).map((chunk) => chunk.seq)).toEqual([2, 3]);
    expect(log.after(7)).toEqual([]);
  });

  it('answers sockets asking for the same position with the same array until the log changes', () => {
    const log = logOf([[1], 1]);
    const first = log.after(0);
    expect(log.after(0)).toBe(first);
    log.append(batch(2), 2);
    expect(log.after(0).map((chunk) => chunk.seq)).toEqual([1, 2]);
    const again = log.after(0);
    log.dropThrough(1);
    expect(log.after(0)).not.toBe(again);
    expect(log.after(0).map((chunk) => chunk.seq)).toEqual([2]);
  });

  it('drops the chunks a finished sweep gave every socket, and numbers on', () => {
    const log = logOf([[1], 1], [[2], 2]);
    expect(log.dropThrough(1).map((chunk) => chunk.seq)).toEqual([1]);
    expect(log.dropThrough(1)).toEqual([]);
    log.append(batch(3), 3);
    expect(log.latestSeq).toBe(3);
    expect(log.dropThrough(3).map((chunk) => chunk.seq)).toEqual([2, 3]);
    expect(log.isEmpty).toBe(true);
  });
});
