import { Actor, hashStreamKey, isWellFormedStreamKey, PublishDenial, publishDenial, RoomAccess, RoomOperation, requireOperation } from '@ovation/room-domain';
import type { Logger } from 'pino';
import type { Repository } from 'typeorm';
import { RoomMetrics } from '../metrics/room-metrics';
import { ownership } from '../moderation/room-roles';
import { RoomEntity } from '../persistence/room.entity';
import { RoomsService } from '../rooms/rooms.service';
import { StreamKeyring } from './stream-keyring';

export interface PublishInfo {
  rtmpUrl: string;
  streamKey: string;
  ingestNode: string;
}

export type PublishAuthorization = { allowed: true; roomId: string } | { allowed: false; denial: PublishDenial; roomId?: string };

/** Stream keys and the ingest side's question: may this key publish, from this node? */
export class PublishService {
  constructor(
    private readonly rooms: Repository<RoomEntity>,
    private readonly roomsService: RoomsService,
    private readonly keyring: StreamKeyring,
    /** The RTMP application URL broadcasters push to, e.g. rtmp://host:1935/live. */
    private readonly rtmpUrl: string,
    private readonly metrics: RoomMetrics,
    private readonly logger: Logger,
  ) {}

  /** Owner only: the RTMP URL and the current key (derived again; only its hash is stored). */
  async publishInfo(actor: Actor, roomId: string): Promise<PublishInfo> {
    const room = await this.ownedOpenRoom(actor, roomId, 'publishInfo');
    if (room.streamKeyHash === null) {
      // A room from before stream keys existed: its first key is recorded now.
      await this.rooms.update({ id: room.id, keyVersion: room.keyVersion }, { streamKeyHash: this.keyring.hashOf(room.id, room.keyVersion) });
    }
    return { rtmpUrl: this.rtmpUrl, streamKey: this.keyring.keyOf(room.id, room.keyVersion), ingestNode: '' };
  }

  /** Owner only: a new key; the old one stops authorizing at once (a stream already running is not cut). */
  async rotateKey(actor: Actor, roomId: string): Promise<string> {
    const room = await this.ownedOpenRoom(actor, roomId, 'rotateStreamKey');
    const keyVersion = room.keyVersion + 1;
    const result = await this.rooms.update({ id: room.id, keyVersion: room.keyVersion }, { keyVersion, streamKeyHash: this.keyring.hashOf(room.id, keyVersion) });
    // A rotation racing this one won; its key is the current one.
    if (!result.affected) return this.rotateKey(actor, roomId);
    this.logger.info({ roomId, keyVersion, by: actor.userId }, 'stream key rotated');
    return this.keyring.keyOf(room.id, keyVersion);
  }

  /** Only the current key of a room that is not over and not fed by another node's stream. */
  async authorize(streamKey: string, ingestNode: string): Promise<PublishAuthorization> {
    const room = isWellFormedStreamKey(streamKey) ? await this.rooms.findOneBy({ streamKeyHash: hashStreamKey(streamKey) }) : null;
    const denial: PublishDenial | null = room ? publishDenial(room, ingestNode) : 'unknown_key';
    this.metrics.publishAuthorizations.inc({ outcome: denial ?? 'allowed' });
    if (denial) {
      this.logger.warn({ roomId: room?.id, ingestNode, denial, publishingNode: room?.publishingNode }, 'publish denied');
      return { allowed: false, denial, roomId: room?.id };
    }
    return { allowed: true, roomId: room!.id };
  }

  private async ownedOpenRoom(actor: Actor, roomId: string, operation: RoomOperation): Promise<RoomEntity> {
    const room = await this.roomsService.find(roomId);
    RoomAccess.ownStream(ownership(room, actor.userId));
    requireOperation(operation, room);
    return room;
  }
}
