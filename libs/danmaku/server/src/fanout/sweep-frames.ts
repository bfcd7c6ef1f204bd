import type { ComposedBatch } from '@ovation/danmaku-domain';
import { BatchFrames } from './batch-frames';
import type { LiveChunk } from './live-log';

/**
 * The frames one sweep writes. Sockets visited one after another mostly lack the same run of
 * chunks, so each run is merged and serialized once however many sockets get it, and split so
 * that no frame carries more than `maxEvents` events (a chunk is never split).
 */
export class SweepFrames {
  private readonly runs = new Map<string, BatchFrames[]>();
  private last?: { chunks: LiveChunk[]; frames: BatchFrames[] };

  constructor(private readonly maxEvents: number) {}

  /** The frames for `chunks`, consecutive chunks of one room, oldest first. */
  of(chunks: LiveChunk[]): BatchFrames[] {
    // The live log hands consecutive sockets lacking the same run the same array.
    if (this.last?.chunks === chunks) return this.last.frames;
    const key = `${chunks[0].seq}-${chunks[chunks.length - 1].seq}`;
    let frames = this.runs.get(key);
    if (!frames) {
      frames = groupedUnder(chunks, this.maxEvents).map((group) => new BatchFrames(merged(group)));
      this.runs.set(key, frames);
    }
    this.last = { chunks, frames };
    return frames;
  }
}

function groupedUnder(chunks: LiveChunk[], maxEvents: number): LiveChunk[][] {
  const groups: LiveChunk[][] = [];
  let size = Number.POSITIVE_INFINITY;
  for (const chunk of chunks) {
    const events = chunk.batch.events.length;
    if (size + events > maxEvents) {
      groups.push([]);
      size = 0;
    }
    groups[groups.length - 1].push(chunk);
    size += events;
  }
  return groups;
}

function merged(group: LiveChunk[]): ComposedBatch {
  if (group.length === 1) return group[0].batch;
  return {
    events: group.flatMap((chunk) => chunk.batch.events),
    droppedChat: group.reduce((sum, chunk) => sum + chunk.batch.droppedChat, 0),
  };
}
