import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SLUG_PATTERN } from '../../domain/organization';

export class SignupRequest {
  @ApiProperty({ example: 'Acme Robotics', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  organizationName: string;

  @ApiProperty({ example: 'acme', description: 'Lowercase letters, digits and dashes; unique; used to pick the organization at login' })
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'must be lowercase letters, digits and inner dashes (1 to 63 characters)' })
  organizationSlug: string;

  @ApiProperty({ example: 'ada@acme.dev' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'correct horse battery staple', minLength: 10, maxLength: 256 })
  @IsString()
  @MinLength(10)
  @MaxLength(256)
  password: string;
}

export class LoginRequest {
  @ApiProperty({ example: 'ada@acme.dev' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ example: 'acme', description: 'Slug or id of the organization to log into; default: the first one joined' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  organization?: string;
}

export class ChangePasswordRequest {
  @ApiProperty({ example: 'correct horse battery staple', description: 'Your current password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  currentPassword: string;

  @ApiProperty({ example: 'another horse battery staple', minLength: 10, maxLength: 256 })
  @IsString()
  @MinLength(10)
  @MaxLength(256)
  newPassword: string;
}

export class RefreshRequest {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken: string;
}

class SessionUser {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ada@acme.dev' }) email: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name: string;
}

class SessionOrganization {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'acme' }) slug: string;
  @ApiProperty({ example: 'Acme Robotics' }) name: string;
  @ApiProperty({ enum: ['owner', 'admin', 'member', 'viewer'] }) role: string;
}

export class SessionResponse {
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'JWT for `Authorization: Bearer`, scoped to one organization' }) accessToken: string;
  @ApiProperty({ example: 900, description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ description: 'Opaque; exchange at /v1/auth/refresh. Each use returns a new one; reusing an old one revokes the login' })
  refreshToken: string;
  @ApiProperty({ example: 2592000 }) refreshExpiresIn: number;
  @ApiProperty({ type: SessionUser }) user: SessionUser;
  @ApiProperty({ type: SessionOrganization }) organization: SessionOrganization;
}
