import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { roomV1 } from '@ovation/contracts';
import { ID_DESCRIPTION, IsId } from '../http/ids';
import { isoTime } from '../rooms/room.dto';

/** 30 days: the longest timed mute the room service keeps. */
export const MUTE_SECONDS_MAX = 30 * 24 * 3600;

export class TargetUserBody {
  @ApiProperty({ example: 'bob', description: ID_DESCRIPTION })
  @IsId()
  userId!: string;
}

export class BanBody extends TargetUserBody {
  @ApiPropertyOptional({ example: 'spam', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class MuteBody extends BanBody {
  @ApiProperty({ example: 600, minimum: 0, maximum: MUTE_SECONDS_MAX, description: 'How long; 0 mutes until unmuted' })
  @IsInt({ message: 'durationSeconds must be a whole number of seconds' })
  @Min(0)
  @Max(MUTE_SECONDS_MAX)
  durationSeconds!: number;
}

export class MuteView {
  @ApiProperty() userId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'ISO time the mute ends; null when it lasts until unmuted' }) muteUntil!: string | null;
}

class MuteEntry extends MuteView {
  @ApiProperty() reason!: string;
  @ApiProperty() byUserId!: string;
}

class BanEntry {
  @ApiProperty() userId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() byUserId!: string;
  @ApiProperty({ nullable: true, type: String }) bannedAt!: string | null;
}

export class ModerationView {
  @ApiProperty({ type: [String], description: 'Room admins appointed by the owner' }) admins!: string[];
  @ApiProperty({ type: [MuteEntry], description: 'Mutes still in force' }) mutes!: MuteEntry[];
  @ApiProperty({ type: [BanEntry] }) bans!: BanEntry[];

  static of(lists: roomV1.ListModerationResponse): ModerationView {
    return {
      admins: lists.adminIds,
      mutes: lists.mutes.map((m) => ({ userId: m.userId, muteUntil: isoTime(m.muteUntil), reason: m.reason, byUserId: m.byUserId })),
      bans: lists.bans.map((b) => ({ userId: b.userId, reason: b.reason, byUserId: b.byUserId, bannedAt: isoTime(b.bannedAt) })),
    };
  }
}
