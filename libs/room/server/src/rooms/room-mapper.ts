import { roomV1 } from '@ovation/contracts';
import type { RoomRole, RoomStatus, SpeakerStatus } from '@ovation/room-domain';
import type { RoomEntity } from '../persistence/room.entity';

const statusToProto: Record<RoomStatus, roomV1.RoomStatus> = {
  created: roomV1.RoomStatus.ROOM_STATUS_CREATED,
  live: roomV1.RoomStatus.ROOM_STATUS_LIVE,
  ended: roomV1.RoomStatus.ROOM_STATUS_ENDED,
};

const roleToProto: Record<RoomRole, roomV1.RoomRole> = {
  owner: roomV1.RoomRole.ROOM_ROLE_OWNER,
  admin: roomV1.RoomRole.ROOM_ROLE_ADMIN,
  viewer: roomV1.RoomRole.ROOM_ROLE_VIEWER,
};

export function toProtoStatus(status: RoomStatus): roomV1.RoomStatus {
  return statusToProto[status];
}

export function toProtoRole(role: RoomRole): roomV1.RoomRole {
  return roleToProto[role];
}

/** A speaker check's answer, as CheckSpeaker returns it and a SpeakerStandingChanged event carries it. */
export function toProtoStanding(status: SpeakerStatus): roomV1.CheckSpeakerResponse {
  return { muted: status.muted, banned: status.banned, muteUntil: String(status.muteUntil), role: toProtoRole(status.role) };
}

/** The public shape of a room; the thumbnail only while live (it is a frame of the live stream). */
export function toProtoRoom(room: RoomEntity, onlineCount = 0): roomV1.Room {
  return {
    id: room.id,
    ownerId: room.ownerId,
    title: room.title,
    category: room.category,
    coverUrl: room.coverUrl,
    status: toProtoStatus(room.status),
    createdAt: String(room.createdAt),
    liveAt: String(room.liveAt ?? 0),
    endedAt: String(room.endedAt ?? 0),
    onlineCount: room.status === 'live' ? onlineCount : 0,
    thumbnailUrl: room.status === 'live' ? room.thumbnailUrl : '',
  };
}
