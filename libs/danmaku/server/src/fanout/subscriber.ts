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
   * False when nothing was written: the socket is closing, or its unsent backlog is past its
   * hard bound (it then closes itself, 4008).
   */
  write(frame: Buffer): boolean;
  /** Writes a frame encoded for this socket alone (history, part of a batch, an error), under the same bound. */
  writeOwn(frame: Buffer): boolean;
  /** Cuts a viewer whose user was just banned from the room (close code 4003); it then leaves its room. */
  closeBanned(): void;
}
