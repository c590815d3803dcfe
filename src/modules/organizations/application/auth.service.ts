import { Injectable } from '@nestjs/common';
import { hashToken } from '@switchyard/auth';
import { AuditTrail } from '@switchyard/audit';
import { Actor, DomainError, Role } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { normalizeEmail, Organization, User } from '../domain/organization';
import {
  EmailTakenError,
  InvalidCredentialsError,
  NoOrganizationError,
  ORGANIZATIONS,
  RefreshTokenInvalidError,
  RefreshTokenReusedError,
  UserDisabledError,
} from '../domain/organizations.errors';
import { AttemptBudgets } from './attempt-budgets';
import { CredentialLookup, LoginCandidate } from './credential-lookup';
import { MembershipRepository } from './membership.repository';
import { OrganizationRepository } from './organization.repository';
import { PasswordAttempts } from './password-attempts';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenRepository } from './refresh-token.repository';
import { SessionIssuer, SessionTokens } from './session-issuer';
import { UserRepository } from './user.repository';

export interface Session extends SessionTokens {
  user: Pick<User, 'id' | 'email' | 'name'>;
  organization: Pick<Organization, 'id' | 'slug' | 'name'> & { role: Role };
}

export interface SignupInput {
  organizationName: string;
  organizationSlug: string;
  email: string;
  name: string;
  password: string;
}

/**
 * Sign-up, login, refresh and logout. Each opens its own tenant transaction once it knows the
 * organization, and hashes passwords outside it so a pooled connection never waits on argon2.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly transaction: TenantTransaction,
    private readonly organizations: OrganizationRepository,
    private readonly users: UserRepository,
    private readonly memberships: MembershipRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly lookup: CredentialLookup,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly audit: AuditTrail,
    private readonly budgets: AttemptBudgets,
    private readonly passwordAttempts: PasswordAttempts,
  ) {}

  async signup(input: SignupInput, clientIp: string): Promise<Session> {
    await this.budgets.spend(this.budgets.signup(clientIp));
    const email = normalizeEmail(input.email);
    const passwordHash = await this.passwords.hash(input.password);
    const organizationId = randomUUID();
    const userId = randomUUID();
    const actor = { type: 'user' as const, id: userId, organizationId, role: 'owner' as Role };
    return this.transaction.run({ organizationId, userId }, async () => {
      if ((await this.lookup.loginCandidates(email)).length > 0) throw new EmailTakenError();
      const organization = await this.organizations.create({ id: organizationId, name: input.organizationName, slug: input.organizationSlug });
      const user = await this.users.create({ id: userId, email, name: input.name, passwordHash });
      await this.memberships.add(organizationId, userId, 'owner');
      await this.audit.record({ actor, action: 'create', entityType: 'organization', entityId: organizationId, after: organization });
      await this.audit.record({ actor, action: 'create', entityType: 'user', entityId: userId, after: user });
      await this.audit.record({ actor, action: 'create', entityType: 'membership', entityId: userId, after: { userId, role: 'owner' } });
      const tokens = await this.sessions.issue(userId, organizationId);
      return this.session(tokens, user, organization, 'owner');
    });
  }

  /** `organization` is a slug or id; without it, the user's first organization. */
  async login(emailInput: string, password: string, organization: string | undefined, clientIp: string): Promise<Session> {
    const email = normalizeEmail(emailInput);
    const attempt = await this.passwordAttempts.begin(email, clientIp);
    const candidates = await this.transaction.run({}, () => this.lookup.loginCandidates(email));
    const valid = await attempt.check(candidates[0]?.passwordHash, password);
    if (!candidates[0] || !valid) throw new InvalidCredentialsError();
    if (candidates[0].userStatus !== 'active') throw new UserDisabledError();
    const chosen = chooseMembership(candidates, organization);

    const userId = candidates[0].userId;
    const { organizationId, role } = chosen;
    return this.transaction.run({ organizationId, userId }, async () => {
      await this.users.recordLogin(userId);
      const [user, org] = await Promise.all([this.users.findById(userId), this.organizations.findCurrent()]);
      const tokens = await this.sessions.issue(userId, organizationId);
      return this.session(tokens, user!, org!, role);
    });
  }

  async refresh(refreshToken: string): Promise<Session> {
    const stored = await this.transaction.run({}, () => this.lookup.refreshToken(hashToken(refreshToken)));
    if (!stored) throw new RefreshTokenInvalidError('unknown');
    if (stored.revokedAt) throw new RefreshTokenInvalidError('revoked');
    if (stored.expiresAt.getTime() <= Date.now()) throw new RefreshTokenInvalidError('expired');

    const { organizationId, userId, familyId } = stored;
    return this.transaction.run({ organizationId, userId }, async () => {
      if (!(await this.refreshTokens.rotate(stored.id))) {
        await this.refreshTokens.revokeFamily(familyId);
        throw new RefreshTokenReusedError();
      }
      const member = await this.memberships.find(userId);
      if (!member) throw new RefreshTokenInvalidError('revoked');
      const [user, org] = await Promise.all([this.users.findById(userId), this.organizations.findCurrent()]);
      if (user?.status !== 'active') throw new UserDisabledError();
      const tokens = await this.sessions.issue(userId, organizationId, familyId);
      return this.session(tokens, user, org!, member.role);
    });
  }

  /** Revokes the login the refresh token belongs to. Unknown tokens are ignored (nothing to reveal). */
  async logout(refreshToken: string): Promise<void> {
    const stored = await this.transaction.run({}, () => this.lookup.refreshToken(hashToken(refreshToken)));
    if (!stored) return;
    await this.transaction.run({ organizationId: stored.organizationId, userId: stored.userId }, () => this.refreshTokens.revokeFamily(stored.familyId));
  }

  /**
   * Changes the caller's password after checking the current one (it spends a password attempt,
   * like a login), ends every session of the user in every organization (their access tokens
   * stop on their next request), and answers a new session for this organization.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string, clientIp: string): Promise<Session> {
    if (actor.type !== 'user') throw new DomainError(ORGANIZATIONS.USER_ONLY, 'Only a user has a password; API keys have none');
    const user = await this.users.findById(actor.id!);
    if (!user) throw new InvalidCredentialsError();
    const attempt = await this.passwordAttempts.begin(user.email, clientIp);
    const [candidate] = await this.lookup.loginCandidates(user.email);
    if (!(await attempt.check(candidate?.passwordHash, currentPassword))) throw new InvalidCredentialsError();
    await this.users.setPasswordHash(user.id, await this.passwords.hash(newPassword));
    const ended = await this.refreshTokens.endAllSessionsOfCurrentUser();
    await this.audit.record({ action: 'update', entityType: 'user', entityId: user.id, after: { passwordChanged: true, sessionsEnded: ended } });
    const [organization, tokens] = await Promise.all([this.organizations.findCurrent(), this.sessions.issue(user.id, actor.organizationId)]);
    return this.session(tokens, user, organization!, actor.role);
  }

  session(tokens: SessionTokens, user: User, organization: Organization, role: Role): Session {
    return {
      ...tokens,
      user: { id: user.id, email: user.email, name: user.name },
      organization: { id: organization.id, slug: organization.slug, name: organization.name, role },
    };
  }
}

function chooseMembership(candidates: LoginCandidate[], requested: string | undefined) {
  const memberships = candidates.flatMap((c) => (c.membership ? [c.membership] : []));
  const chosen = requested ? memberships.find((m) => m.organizationId === requested || m.organizationSlug === requested.toLowerCase()) : memberships[0];
  if (!chosen) throw new NoOrganizationError(requested);
  return chosen;
}
