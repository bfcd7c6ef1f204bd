import { roomV1 } from '@ovation/contracts';
import { ValidationError } from '@ovation/errors';
import { requireId } from '@ovation/ids';
import {
  Actor,
  isMuteInForce,
  muteUntil,
  RoomAccess,
  RoomNotFoundError,
  SpeakerStatus,
  speakerStatus,
  requireOperation,
  validateReason,
} from '@ovation/room-domain';
import type { Logger } from 'pino';
import type { Repository } from 'typeorm';
import { RoomEventPublisher } from '../events/room-event-publisher';
import { RoomMetrics } from '../metrics/room-metrics';
import { RoomAdminEntity, RoomBanEntity, RoomMuteEntity } from '../persistence/moderation.entities';
import { toProtoStanding } from '../rooms/room-mapper';
import { RoomsService } from '../rooms/rooms.service';
import { RoomRoles } from './room-roles';
import { speakerStanding } from './speaker-standing';

export interface ModerationRepositories {
  admins: Repository<RoomAdminEntity>;
  mutes: Repository<RoomMuteEntity>;
  bans: Repository<RoomBanEntity>;
}

/**
 * Mutes, bans and room admins, and the speaker check the danmaku write path asks for. Each change
 * is persisted, then the user's new standing is appended to the room's event stream (a crash
 * between the two loses the event, never the change: push nodes also re-ask as their cache ages).
 */
export class ModerationService {
  private readonly roles: RoomRoles;

  constructor(
    private readonly repos: ModerationRepositories,
    private readonly rooms: RoomsService,
    private readonly events: RoomEventPublisher,
    private readonly metrics: RoomMetrics,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.roles = new RoomRoles(repos.admins);
  }

  /** Returns when the mute ends (0: until unmuted). Muting again replaces the previous mute. */
  async mute(actor: Actor, roomId: string, userId: string, durationMs: number, reason: string): Promise<number> {
    const target = await this.authorizeModeration(actor, roomId, userId);
    const now = this.now();
    const until = muteUntil(durationMs, now);
    await this.repos.mutes.upsert({ roomId, userId: target, muteUntil: until, reason: validateReason(reason), byUserId: actor.userId, mutedAt: now }, ['roomId', 'userId']);
    await this.record('mute', actor, roomId, target, { muteUntil: until });
    return until;
  }

  async unmute(actor: Actor, roomId: string, userId: string): Promise<void> {
    const target = await this.authorizeModeration(actor, roomId, userId);
    await this.repos.mutes.delete({ roomId, userId: target });
    await this.record('unmute', actor, roomId, target);
  }

  async ban(actor: Actor, roomId: string, userId: string, reason: string): Promise<void> {
    const target = await this.authorizeModeration(actor, roomId, userId);
    await this.repos.bans.upsert({ roomId, userId: target, reason: validateReason(reason), byUserId: actor.userId, bannedAt: this.now() }, ['roomId', 'userId']);
    await this.record('ban', actor, roomId, target);
  }

  async unban(actor: Actor, roomId: string, userId: string): Promise<void> {
    const target = await this.authorizeModeration(actor, roomId, userId);
    await this.repos.bans.delete({ roomId, userId: target });
    await this.record('unban', actor, roomId, target);
  }

  async appointAdmin(actor: Actor, roomId: string, userId: string): Promise<void> {
    const room = await this.rooms.find(roomId);
    requireOperation('moderate', room);
    RoomAccess.appointAdmins(actor, await this.roles.of(room, actor.userId));
    const target = requireId('userId', userId);
    if (target === room.ownerId) throw new ValidationError('userId', 'the owner already moderates their own room');
    await this.repos.admins.upsert({ roomId, userId: target, appointedBy: actor.userId, appointedAt: this.now() }, ['roomId', 'userId']);
    await this.record('appoint_admin', actor, roomId, target);
  }

  async removeAdmin(actor: Actor, roomId: string, userId: string): Promise<void> {
    const room = await this.rooms.find(roomId);
    requireOperation('moderate', room);
    RoomAccess.appointAdmins(actor, await this.roles.of(room, actor.userId));
    const target = requireId('userId', userId);
    await this.repos.admins.delete({ roomId, userId: target });
    await this.record('remove_admin', actor, roomId, target);
  }

  /** The owner, room admins and platform admins see the lists; only mutes still in force. */
  async list(actor: Actor, roomId: string): Promise<roomV1.ListModerationResponse> {
    const room = await this.rooms.find(roomId);
    RoomAccess.viewModeration(actor, await this.roles.of(room, actor.userId));
    const now = this.now();
    const [admins, mutes, bans] = await Promise.all([
      this.repos.admins.find({ where: { roomId }, order: { appointedAt: 'ASC' } }),
      this.repos.mutes.find({ where: { roomId }, order: { mutedAt: 'ASC' } }),
      this.repos.bans.find({ where: { roomId }, order: { bannedAt: 'ASC' } }),
    ]);
    return {
      adminIds: admins.map((admin) => admin.userId),
      mutes: mutes
        .filter((mute) => isMuteInForce(mute.muteUntil, now))
        .map((mute) => ({ userId: mute.userId, muteUntil: String(mute.muteUntil), reason: mute.reason, byUserId: mute.byUserId })),
      bans: bans.map((ban) => ({ userId: ban.userId, reason: ban.reason, byUserId: ban.byUserId, bannedAt: String(ban.bannedAt) })),
    };
  }

  /** May this user speak in this room right now? NOT_FOUND for a room that does not exist. */
  async checkSpeaker(roomId: string, userId: string): Promise<SpeakerStatus> {
    const user = requireId('userId', userId);
    const standing = await speakerStanding(this.repos.mutes.manager, requireId('roomId', roomId), user);
    if (!standing) throw new RoomNotFoundError(roomId);
    return speakerStatus(standing.role, standing.muteUntil === null ? null : { until: standing.muteUntil }, standing.banned, this.now());
  }

  private async authorizeModeration(actor: Actor, roomId: string, userId: string): Promise<string> {
    const room = await this.rooms.find(roomId);
    requireOperation('moderate', room);
    const target = requireId('userId', userId);
    const [actorRole, targetRole] = await Promise.all([this.roles.of(room, actor.userId), this.roles.of(room, target)]);
    RoomAccess.moderate(actor, actorRole, targetRole);
    return target;
  }

  private async record(action: string, actor: Actor, roomId: string, userId: string, extra: object = {}): Promise<void> {
    this.metrics.moderationActions.inc({ action });
    this.logger.info({ action, roomId, userId, by: actor.userId, platformAdmin: actor.platformAdmin, ...extra }, 'moderation');
    const standing = toProtoStanding(await this.checkSpeaker(roomId, userId));
    await this.events.publish({ roomId, atMs: String(this.now()), standing: { userId, ...standing } });
  }
}
