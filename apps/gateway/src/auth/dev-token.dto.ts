import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ROLES, type Role } from '@ovation/auth';
import { ID_DESCRIPTION, IsId } from '../http/ids';

export const DEV_TOKEN_MAX_TTL_SECONDS = 86400;

export class DevTokenRequest {
  @ApiProperty({ example: 'alice', description: `The user id the token speaks for. ${ID_DESCRIPTION}` })
  @IsId()
  userId!: string;

  @ApiProperty({ example: 'Alice', required: false })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  displayName?: string;

  @ApiProperty({ enum: ROLES, example: 'viewer' })
  @IsIn(ROLES as unknown as string[], { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiProperty({ required: false, example: 3600, description: 'Lifetime in seconds (default 1 hour, at most 1 day)' })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(DEV_TOKEN_MAX_TTL_SECONDS)
  ttlSeconds?: number;
}

export class TokenResponse {
  @ApiProperty() token!: string;
  @ApiProperty() expiresAt!: string;
}
