import { deriveStreamKey, hashStreamKey } from '@ovation/room-domain';

/** Derives stream keys from the service's STREAM_KEY_SECRET; only their hashes reach the database. */
export class StreamKeyring {
  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new Error('STREAM_KEY_SECRET must be at least 16 characters');
  }

  keyOf(roomId: string, keyVersion: number): string {
    return deriveStreamKey(this.secret, roomId, keyVersion);
  }

  hashOf(roomId: string, keyVersion: number): string {
    return hashStreamKey(this.keyOf(roomId, keyVersion));
  }
}
