import { ForbiddenError } from '@ovation/errors';
import { Actor, RoomRole } from './actor';

/** What only platform staff may do. */
export const PlatformAccess = {
  /** The platform's own settings, e.g. its sensitive-word list. */
  administer(actor: Actor): void {
    if (!actor.platformAdmin) throw new ForbiddenError('only a platform admin may do this', 'not_platform_admin');
  },
} as const;

/**
 * Who may do what to a room. Each check throws ForbiddenError (PERMISSION_DENIED) with a reason
 * the gateway can show; `actorRole` is the actor's standing in that room.
 */
export const RoomAccess = {
  /** Edit or end the room: its owner or platform staff. */
  manage(actor: Actor, actorRole: RoomRole): void {
    if (actorRole !== 'owner' && !actor.platformAdmin) throw new ForbiddenError('only the owner or a platform admin may manage this room', 'not_room_owner');
  },

  /** Stream key and publish info: the owner alone (the key is never shown to anyone else). */
  ownStream(actorRole: RoomRole): void {
    if (actorRole !== 'owner') throw new ForbiddenError("only the room's owner may see or rotate its stream key", 'not_room_owner');
  },

  /** Appoint or remove room admins: the owner or platform staff. */
  appointAdmins(actor: Actor, actorRole: RoomRole): void {
    RoomAccess.manage(actor, actorRole);
  },

  /** See the moderation lists: whoever may moderate. */
  viewModeration(actor: Actor, actorRole: RoomRole): void {
    if (actorRole === 'viewer' && !actor.platformAdmin) throw new ForbiddenError('only the owner, a room admin or a platform admin may moderate this room', 'not_room_moderator');
  },

  /**
   * Mute or ban `targetRole`: the owner, a room admin or platform staff may; nobody silences the
   * owner, and a room admin cannot silence a fellow admin (the owner or platform staff can).
   */
  moderate(actor: Actor, actorRole: RoomRole, targetRole: RoomRole): void {
    RoomAccess.viewModeration(actor, actorRole);
    if (targetRole === 'owner') throw new ForbiddenError("the room's owner cannot be muted or banned in their own room", 'target_is_owner');
    if (targetRole === 'admin' && actorRole === 'admin' && !actor.platformAdmin) {
      throw new ForbiddenError('a room admin cannot mute or ban another room admin', 'target_is_admin');
    }
  },
} as const;
