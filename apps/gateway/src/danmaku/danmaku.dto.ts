import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { danmakuV1, roomV1 } from '@ovation/contracts';

export const REPLAY_LIMIT_MAX = 1000;
const MAX_OFFSET_MS = 365 * 24 * 3600 * 1000;

export class ReplayQuery {
  @ApiPropertyOptional({ minimum: 0, default: 0, example: 60000, description: 'Milliseconds from the stream start, inclusive' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'from must be a whole number of milliseconds' })
  @Min(0)
  @Max(MAX_OFFSET_MS)
  from?: number;

  @ApiPropertyOptional({ minimum: 1, example: 120000, description: 'Milliseconds from the stream start, exclusive; omit for the end of the stream' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'to must be a whole number of milliseconds' })
  @Min(1)
  @Max(MAX_OFFSET_MS)
  to?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: REPLAY_LIMIT_MAX, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(REPLAY_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page; omit for the first page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a nextCursor this endpoint returned' })
  cursor?: string;

  @ApiPropertyOptional({
    example: 1732400000000,
    description: "Which live session of the room (its `streamStartedAt`, epoch ms, e.g. a recording's); omit for the latest",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'streamStartedAt must be epoch milliseconds' })
  @Min(1)
  streamStartedAt?: number;
}

const roleNames: Partial<Record<roomV1.RoomRole, string>> = {
  [roomV1.RoomRole.ROOM_ROLE_VIEWER]: 'viewer',
  [roomV1.RoomRole.ROOM_ROLE_ADMIN]: 'admin',
  [roomV1.RoomRole.ROOM_ROLE_OWNER]: 'owner',
};

export class ReplayMessage {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ description: 'As shown live (after filtering)' }) text!: string;
  @ApiProperty({ enum: ['viewer', 'admin', 'owner', 'unknown'] }) role!: string;
  @ApiProperty({ description: 'Milliseconds from the stream start: when to show it in the replay' }) offsetMs!: number;
  @ApiProperty({ description: "Its position in the room's event stream (decimal)" }) position!: string;
  @ApiProperty({ description: 'ISO time it was sent' }) sentAt!: string;

  static of(chat: danmakuV1.ArchivedChat): ReplayMessage {
    return {
      id: chat.messageId,
      userId: chat.userId,
      displayName: chat.displayName,
      text: chat.text,
      role: roleNames[chat.role] ?? 'unknown',
      offsetMs: Number(chat.offsetMs),
      position: chat.position,
      sentAt: new Date(Number(chat.sentAtMs)).toISOString(),
    };
  }
}

export class ReplayPage {
  @ApiProperty({ nullable: true, type: Number, description: 'The live session read (epoch ms); null when the room never went live' })
  streamStartedAt!: number | null;
  @ApiProperty({ type: [ReplayMessage], description: 'By offset, then stream position' }) items!: ReplayMessage[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor!: string | null;

  static of(response: danmakuV1.ListArchiveResponse): ReplayPage {
    const startedAt = Number(response.streamStartedAtMs);
    return { streamStartedAt: startedAt > 0 ? startedAt : null, items: response.messages.map(ReplayMessage.of), nextCursor: response.nextCursor || null };
  }
}

export class SendDanmakuBody {
  @ApiProperty({ example: '主播好！🎉', description: 'Normalized, stripped of control characters and filtered by the push node' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  text!: string;

  @ApiPropertyOptional({ example: 'c-7f3a', description: 'Your id for this message: resending the same one never posts twice' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'clientMsgId must be 1–64 letters, digits, dot, colon, dash or underscore' })
  clientMsgId?: string;
}

export class DanmakuAck {
  @ApiProperty({ description: 'Assigned by the push node' }) messageId!: string;
  @ApiProperty() clientMsgId!: string;
  @ApiProperty({ description: "Its position in the room's event stream (decimal)" }) position!: string;
}
