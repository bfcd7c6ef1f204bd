import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { roomV1 } from '@ovation/contracts';

const coverUrl = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const coverUrlMessage = { message: 'coverUrl must be an absolute http(s) URL' };

export class CreateRoomBody {
  @ApiProperty({ example: 'Friday night synthwave', minLength: 1, maxLength: 120 })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  title!: string;

  @ApiPropertyOptional({ example: 'music', maxLength: 40, description: 'Defaults to `general`' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  category?: string;

  @ApiPropertyOptional({ example: 'https://example.com/cover.jpg', maxLength: 500 })
  @IsOptional()
  @IsUrl(coverUrl, coverUrlMessage)
  @MaxLength(500)
  coverUrl?: string;
}

/** Only the fields present change; at least one must be. */
export class UpdateRoomBody {
  @ApiPropertyOptional({ example: 'Saturday synthwave', minLength: 1, maxLength: 120 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  title?: string;

  @ApiPropertyOptional({ example: 'music', minLength: 1, maxLength: 40 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  category?: string;

  @ApiPropertyOptional({ example: 'https://example.com/cover2.jpg', maxLength: 500, description: 'An empty string removes the cover' })
  @ValidateIf((body: UpdateRoomBody) => body.coverUrl !== undefined && body.coverUrl !== '')
  @IsUrl(coverUrl, coverUrlMessage)
  @MaxLength(500)
  coverUrl?: string;
}

export class EndRoomBody {
  @ApiPropertyOptional({ example: 'see you tomorrow', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

const statusNames: Record<roomV1.RoomStatus, string> = {
  [roomV1.RoomStatus.ROOM_STATUS_UNSPECIFIED]: 'unknown',
  [roomV1.RoomStatus.ROOM_STATUS_CREATED]: 'created',
  [roomV1.RoomStatus.ROOM_STATUS_LIVE]: 'live',
  [roomV1.RoomStatus.ROOM_STATUS_ENDED]: 'ended',
  [roomV1.RoomStatus.UNRECOGNIZED]: 'unknown',
};

export class RoomView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() ownerId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ description: 'The latest frame of the live stream when there is one, else the cover' }) coverUrl!: string;
  @ApiProperty({ enum: ['created', 'live', 'ended'] }) status!: string;
  @ApiProperty({ description: 'Viewers connected right now' }) onlineCount!: number;
  @ApiProperty({ description: 'ISO time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) liveAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) endedAt!: string | null;

  static of(room: roomV1.Room): RoomView {
    return {
      id: room.id,
      ownerId: room.ownerId,
      title: room.title,
      category: room.category,
      coverUrl: room.thumbnailUrl || room.coverUrl,
      status: statusNames[room.status] ?? 'unknown',
      onlineCount: room.onlineCount,
      createdAt: isoTime(room.createdAt) ?? '',
      liveAt: isoTime(room.liveAt),
      endedAt: isoTime(room.endedAt),
    };
  }
}

/** Epoch milliseconds (an int64 decimal string) as ISO time; null for 0, "never". */
export function isoTime(epochMs: string): string | null {
  return Number(epochMs) > 0 ? new Date(Number(epochMs)).toISOString() : null;
}
