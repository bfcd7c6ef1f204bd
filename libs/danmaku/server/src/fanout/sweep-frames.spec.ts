import { roomV1 } from '@ovation/contracts';
import type { LiveChunk } from './live-log';
import { SweepFrames } from './sweep-frames';

const chunk = (seq: number, ...positions: number[]): LiveChunk => ({
  seq,
  lastPosition: positions[positions.length - 1],
  batch: {
    events: positions.map((position) => ({ position, event: { roomId: 'r', atMs: '0', gift: { orderId: `o${position}` } as roomV1.GiftEffect } })),
    droppedChat: 1,
  },
});

describe('SweepFrames', () => {
  const chunks = [chunk(1, 1, 2), chunk(2, 3), chunk(3, 4, 5)];

  it('merges a run of chunks and splits it at the maximum batch size, never inside a chunk', () => {
    const run = new SweepFrames(3).of(chunks);
    const decoded = run.map((f) => JSON.parse(f.get('json', 'full')!.toString()) as { events: Array<{ position: string }>; droppedChat: number });
    expect(decoded.map((frame) => frame.events.map((e) => Number(e.position)))).toEqual([[1, 2, 3], [4, 5]]);
    expect(decoded.map((frame) => frame.droppedChat)).toEqual([2, 1]);
  });

  it('serializes a run once for every socket lacking it, and another run apart', () => {
    const frames = new SweepFrames(3);
    const run = frames.of(chunks);
    expect(frames.of(chunks)).toBe(run);
    expect(frames.of([...chunks])).toBe(run);
    expect(frames.of(chunks.slice(1))).not.toBe(run);
  });
});
