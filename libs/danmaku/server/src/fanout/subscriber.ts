import type { Encoding } from '@ovation/danmaku-domain';

/** One viewer's socket as the fan-out sees it (the app's WebSocket connection implements it). */
export interface Subscriber {
  readonly encoding: Encoding;
  /** Empty for a guest. */
  readonly userId: string;
  /** Bytes written but not yet sent to the client. */
  bufferedBytes(): number;
  /**
   * Writes one encoded frame; the same Buffer goes to many subscribers and must not be changed.
   * A socket whose unsent backlog is past its hard bound writes nothing and closes itself (4008) instead.
   */
  write(frame: Buffer): void;
  /** Writes a frame encoded for this socket alone (history, part of a batch, an error), under the same bound. */
  writeOwn(frame: Buffer): void;
  /** Cuts a viewer whose user was just banned from the room (close code 4003); it then leaves its room. */
  closeBanned(): void;
}
