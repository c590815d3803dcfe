import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyRepository } from './application/api-key.repository';
import { ApiKeysService } from './application/api-keys.service';
import { AttemptBudgets } from './application/attempt-budgets';
import { AttemptCounter } from './application/attempt-counter';
import { AuditLogReader } from './application/audit-log.reader';
import { AuthService } from './application/auth.service';
import { CredentialLookup } from './application/credential-lookup';
import { InvitationRepository } from './application/invitation.repository';
import { InvitationsService } from './application/invitations.service';
import { MembersService } from './application/members.service';
import { MembershipRepository } from './application/membership.repository';
import { OrganizationRepository } from './application/organization.repository';
import { CurrentAuthority } from './application/current-authority';
import { OrganizationService } from './application/organization.service';
import { PasswordAttempts } from './application/password-attempts';
import { PasswordHasher } from './application/password-hasher';
import { ProfileService } from './application/profile.service';
import { RefreshTokenRepository } from './application/refresh-token.repository';
import { SessionIssuer } from './application/session-issuer';
import { UserRepository } from './application/user.repository';
import { ApiKeysController, AuditLogsController } from './infrastructure/http/api-keys.controller';
import { AuthController } from './infrastructure/http/auth.controller';
import { InvitationsController, MembersController } from './infrastructure/http/members.controller';
import { OrganizationController } from './infrastructure/http/organization.controller';
import { PurgeExpiredJob } from './infrastructure/jobs/purge-expired.job';
import { ApiKeyEntity } from './infrastructure/persistence/api-key.entity';
import { ApiKeyTypeormRepository } from './infrastructure/persistence/api-key.typeorm-repository';
import { AuditLogTypeormReader } from './infrastructure/persistence/audit-log.typeorm-reader';
import { AuthFunctionsCredentialLookup } from './infrastructure/persistence/credential-lookup.auth-functions';
import { InvitationEntity } from './infrastructure/persistence/invitation.entity';
import { InvitationTypeormRepository } from './infrastructure/persistence/invitation.typeorm-repository';
import { MembershipEntity } from './infrastructure/persistence/membership.entity';
import { MembershipTypeormRepository } from './infrastructure/persistence/membership.typeorm-repository';
import { OrganizationEntity } from './infrastructure/persistence/organization.entity';
import { OrganizationTypeormRepository } from './infrastructure/persistence/organization.typeorm-repository';
import { RefreshTokenEntity } from './infrastructure/persistence/refresh-token.entity';
import { RefreshTokenTypeormRepository } from './infrastructure/persistence/refresh-token.typeorm-repository';
import { UserEntity } from './infrastructure/persistence/user.entity';
import { UserTypeormRepository } from './infrastructure/persistence/user.typeorm-repository';
import { Argon2PasswordHasher } from './infrastructure/security/argon2-password-hasher';
import { RateLimitAttemptCounter } from './infrastructure/security/rate-limit-attempt-counter';

/** 2.1 Organizations & Users: sign-up and login, members, invitations, API keys, audit log. */
@Module({
  imports: [TypeOrmModule.forFeature([OrganizationEntity, UserEntity, MembershipEntity, InvitationEntity, ApiKeyEntity, RefreshTokenEntity])],
  controllers: [AuthController, OrganizationController, MembersController, InvitationsController, ApiKeysController, AuditLogsController],
  providers: [
    CurrentAuthority,
    AuthService,
    AttemptBudgets,
    PasswordAttempts,
    SessionIssuer,
    OrganizationService,
    ProfileService,
    MembersService,
    InvitationsService,
    ApiKeysService,
    PurgeExpiredJob,
    { provide: OrganizationRepository, useClass: OrganizationTypeormRepository },
    { provide: UserRepository, useClass: UserTypeormRepository },
    { provide: MembershipRepository, useClass: MembershipTypeormRepository },
    { provide: InvitationRepository, useClass: InvitationTypeormRepository },
    { provide: ApiKeyRepository, useClass: ApiKeyTypeormRepository },
    { provide: RefreshTokenRepository, useClass: RefreshTokenTypeormRepository },
    { provide: CredentialLookup, useClass: AuthFunctionsCredentialLookup },
    { provide: AuditLogReader, useClass: AuditLogTypeormReader },
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    { provide: AttemptCounter, useClass: RateLimitAttemptCounter },
  ],
  exports: [OrganizationService, MembersService, CurrentAuthority],
})
export class OrganizationsModule {}
