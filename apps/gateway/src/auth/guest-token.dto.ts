import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class GuestTokenRequest {
  @ApiProperty({ example: 'Night owl', required: false, description: 'Shown in the room; defaults to "Guest"' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  displayName?: string;
}

export class GuestTokenResponse {
  @ApiProperty({ description: 'A watch-only bearer token (role guest)' }) token!: string;
  @ApiProperty({ example: 'guest-3f9c1a7e5b2d4c60', description: 'The id this guest is known by' }) userId!: string;
  @ApiProperty({ description: 'ISO time' }) expiresAt!: string;
}
