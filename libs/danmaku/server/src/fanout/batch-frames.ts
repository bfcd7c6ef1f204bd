import { ComposedBatch, Encoding, encodeServerMessage, withoutChat } from '@ovation/danmaku-domain';

export type BatchVariant = 'full' | 'without_chat';

/**
 * The encoded frames of one live batch, made on first use and reused for every socket asking
 * for the same encoding and variant: a batch is serialized at most four times, whatever the
 * number of sockets.
 */
export class BatchFrames {
  private readonly frames = new Map<string, Buffer | null>();
  private chatless?: ComposedBatch;

  constructor(private readonly batch: ComposedBatch) {}

  /** The frame, or null when the variant has nothing to say. */
  get(encoding: Encoding, variant: BatchVariant): Buffer | null {
    const key = `${encoding}:${variant}`;
    let frame = this.frames.get(key);
    if (frame === undefined) {
      const batch = this.variant(variant);
      frame = batch.events.length ? encodeServerMessage({ type: 'events', replay: false, ...batch }, encoding) : null;
      this.frames.set(key, frame);
    }
    return frame;
  }

  /** The chat a slow client misses in the chat-less variant. */
  get chatCount(): number {
    return this.batch.events.length - this.variant('without_chat').events.length;
  }

  /** Events the variant's frame carries. */
  eventCount(variant: BatchVariant): number {
    return this.variant(variant).events.length;
  }

  private variant(variant: BatchVariant): ComposedBatch {
    if (variant === 'full') return this.batch;
    return (this.chatless ??= withoutChat(this.batch));
  }
}
