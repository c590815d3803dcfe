import { Inject, Injectable } from '@nestjs/common';
import { hashToken, randomToken } from '@switchyard/auth';
import { AuditTrail } from '@switchyard/audit';
import { authConfig, ConfigType } from '@switchyard/config';
import { Actor, NotFoundError, Page, Role, ValidationFailedError } from '@switchyard/core';
import { TenantTransaction } from '@switchyard/database';
import { randomUUID } from 'node:crypto';
import { assertCanGrant } from '../domain/membership-rules';
import { normalizeEmail } from '../domain/organization';
import { AlreadyMemberError, InvalidCredentialsError, InvitationUnusableError, ORGANIZATIONS } from '../domain/organizations.errors';
import { Session, AuthService } from './auth.service';
import { CredentialLookup } from './credential-lookup';
import { Invitation, InvitationRepository, InvitationStatus } from './invitation.repository';
import { MembershipRepository } from './membership.repository';
import { OrganizationRepository } from './organization.repository';
import { PasswordAttempts } from './password-attempts';
import { PasswordHasher } from './password-hasher';
import { SessionIssuer } from './session-issuer';
import { UserRepository } from './user.repository';

export interface AcceptInvitationInput {
  token: string;
  password: string;
  /** Needed when the invitee has no user yet. */
  name?: string;
}

@Injectable()
export class InvitationsService {
  constructor(
    private readonly transaction: TenantTransaction,
    private readonly invitations: InvitationRepository,
    private readonly memberships: MembershipRepository,
    private readonly users: UserRepository,
    private readonly organizations: OrganizationRepository,
    private readonly lookup: CredentialLookup,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionIssuer,
    private readonly auth: AuthService,
    private readonly audit: AuditTrail,
    private readonly passwordAttempts: PasswordAttempts,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {}

  /** Returns the invitation and its token; the token is shown this once (only its hash is kept). */
  async invite(actor: Actor, emailInput: string, role: Role): Promise<{ invitation: Invitation; token: string }> {
    assertCanGrant(actor.role, role);
    const email = normalizeEmail(emailInput);
    const token = randomToken();
    // The repository refuses a second pending invitation for the email (InvitationPendingError).
    const invitation = await this.invitations.create({
      organizationId: actor.organizationId,
      email,
      role,
      tokenHash: hashToken(token),
      invitedBy: actor.type === 'user' ? actor.id! : null,
      expiresAt: new Date(Date.now() + this.config.invitationTtlHours * 3_600_000),
    });
    await this.audit.record({ action: 'create', entityType: 'invitation', entityId: invitation.id, after: invitation });
    return { invitation, token };
  }

  list(query: { limit: number; cursor?: string; status: InvitationStatus }): Promise<Page<Invitation>> {
    return this.invitations.list(query);
  }

  async revoke(id: string): Promise<void> {
    const invitation = await this.invitations.findById(id);
    if (!invitation) throw new NotFoundError(ORGANIZATIONS.INVITATION_NOT_FOUND, 'Invitation', id);
    if (invitation.acceptedAt) throw new InvitationUnusableError('accepted');
    await this.invitations.delete(id);
    await this.audit.record({ action: 'delete', entityType: 'invitation', entityId: id, before: invitation });
  }

  /** Creates the user (or checks the existing user's password), adds the membership, logs in. */
  async accept(input: AcceptInvitationInput, clientIp: string): Promise<Session> {
    const stored = await this.transaction.run({}, () => this.lookup.invitation(hashToken(input.token)));
    if (!stored) throw new NotFoundError(ORGANIZATIONS.INVITATION_NOT_FOUND, 'Invitation');
    if (stored.acceptedAt) throw new InvitationUnusableError('accepted');
    if (stored.expiresAt.getTime() <= Date.now()) throw new InvitationUnusableError('expired');

    const [existing] = await this.transaction.run({}, () => this.lookup.loginCandidates(stored.email));
    let passwordHash: string | undefined;
    if (existing) {
      // The same budget as login: an invitation must not become a way around it.
      const attempt = await this.passwordAttempts.begin(stored.email, clientIp);
      if (!(await attempt.check(existing.passwordHash, input.password))) throw new InvalidCredentialsError();
    } else {
      if (!input.name) throw new ValidationFailedError([{ field: 'name', message: 'is required to create your user' }]);
      passwordHash = await this.passwords.hash(input.password);
    }

    const userId = existing?.userId ?? randomUUID();
    const { organizationId, role } = stored;
    const actor = { type: 'user' as const, id: userId, organizationId, role };
    return this.transaction.run({ organizationId, userId }, async () => {
      if (passwordHash) {
        const user = await this.users.create({ id: userId, email: stored.email, name: input.name!, passwordHash });
        await this.audit.record({ actor, action: 'create', entityType: 'user', entityId: userId, after: user });
      }
      if (await this.memberships.find(userId)) throw new AlreadyMemberError();
      if (!(await this.invitations.markAccepted(stored.id, userId))) throw new InvitationUnusableError('accepted');
      await this.memberships.add(organizationId, userId, role);
      await this.audit.record({ actor, action: 'create', entityType: 'membership', entityId: userId, after: { userId, role, invitationId: stored.id } });
      const [user, organization] = await Promise.all([this.users.findById(userId), this.organizations.findCurrent()]);
      const tokens = await this.sessions.issue(userId, organizationId);
      return this.auth.session(tokens, user!, organization!, role);
    });
  }
}
