import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role, ROLES } from '@switchyard/core';
import { FREE_FORM_JSON, PageQuery } from '@switchyard/http';
import { Type } from 'class-transformer';
import { IsDate, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class MemberListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class ChangeRoleRequest {
  @ApiProperty({ enum: ROLES, example: 'admin' })
  @IsIn(ROLES)
  role: Role;
}

export class MemberResponse {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ example: 'grace@acme.dev' }) email: string;
  @ApiProperty({ example: 'Grace Hopper' }) name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() joinedAt: Date;
}

export class CreateInvitationRequest {
  @ApiProperty({ example: 'grace@acme.dev' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: ROLES, example: 'member', description: 'At most your own role' })
  @IsIn(ROLES)
  role: Role;
}

export class InvitationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['pending', 'accepted', 'expired', 'all'], default: 'pending' })
  @IsOptional()
  @IsIn(['pending', 'accepted', 'expired', 'all'])
  status: 'pending' | 'accepted' | 'expired' | 'all' = 'pending';
}

export class InvitationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'grace@acme.dev' }) email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) invitedBy: string | null;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date }) acceptedAt: Date | null;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) acceptedBy: string | null;
  @ApiProperty() createdAt: Date;
}

export class CreatedInvitationResponse extends InvitationResponse {
  @ApiProperty({ description: 'Give this to the invitee (shown once); they POST it to /v1/invitations/accept' })
  token: string;
}

export class AcceptInvitationRequest {
  @ApiProperty({ description: 'The invitation token' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token: string;

  @ApiProperty({ description: "A new user's password, or the existing user's current password", minLength: 10 })
  @IsString()
  @MinLength(10)
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({ example: 'Grace Hopper', description: 'Required when the invitee has no user yet' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;
}

export class CreateApiKeyRequest {
  @ApiProperty({ example: 'ci-runner' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES, example: 'member', description: 'At most your own role' })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date;
}

export class ReassignApiKeyRequest {
  @ApiProperty({ format: 'uuid', description: "The member who becomes the key's creator; their role must be at least the key's" })
  @IsUUID()
  createdBy: string;
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ci-runner' }) name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date }) expiresAt: Date | null;
  @ApiProperty({ example: '2026-11-22T10:15:00.000Z', nullable: true, type: Date }) lastUsedAt: Date | null;
  @ApiProperty() createdAt: Date;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ example: 'sy_0b5e…_Qm9v…', description: 'The secret, shown once: send it as `Authorization: Bearer <key>` or `X-API-Key`' })
  key: string;
}

export class AuditLogQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'membership' }) @IsOptional() @IsString() @MaxLength(100) entityType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) entityId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'update' }) @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z' }) @IsOptional() @Type(() => Date) @IsDate() since?: Date;
  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z' }) @IsOptional() @Type(() => Date) @IsDate() until?: Date;
}

export class AuditLogResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['user', 'api_key', 'integration', 'system'] }) actorType: string;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ example: 'update' }) action: string;
  @ApiProperty({ example: 'membership' }) entityType: string;
  @ApiProperty({ example: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', nullable: true, type: String }) entityId: string | null;
  @ApiProperty({ ...FREE_FORM_JSON, example: { role: { from: 'member', to: 'admin' } }, description: 'What changed, as the action records it' })
  changes: Record<string, unknown>;
  @ApiProperty({ example: '6f1c9c1e-1f7e-4f44-b0a2-1f2b8f6f0a11', nullable: true, type: String }) requestId: string | null;
  @ApiProperty() createdAt: Date;
}
