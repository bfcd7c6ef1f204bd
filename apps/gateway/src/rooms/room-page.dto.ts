import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { roomV1 } from '@ovation/contracts';
import { RoomView } from './room.dto';

export const PAGE_LIMIT_MAX = 100;

export class ListRoomsQuery {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page; omit for the first page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor must be a nextCursor this list returned' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: PAGE_LIMIT_MAX, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(PAGE_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ example: 'music', description: 'Only rooms of this category' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  category?: string;
}

export class RoomPage {
  @ApiProperty({ type: [RoomView], description: 'Live rooms, most watched first' }) items!: RoomView[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor!: string | null;

  static of(response: roomV1.ListLiveRoomsResponse): RoomPage {
    return { items: response.rooms.map(RoomView.of), nextCursor: response.page?.nextCursor || null };
  }
}

/** The downstream page request of a query: 0 lets the room service pick its default size. */
export function pageRequestOf(query: ListRoomsQuery): { cursor: string; limit: number } {
  return { cursor: query.cursor ?? '', limit: query.limit ?? 0 };
}
