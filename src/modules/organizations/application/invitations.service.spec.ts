import { hashToken } from '@switchyard/auth';
import { Actor, Page, Role } from '@switchyard/core';
import { AuditEntry, AuditTrail } from '@switchyard/audit';
import { TenantTransaction } from '@switchyard/database';
import { Member, Organization, User } from '../domain/organization';
import { InvitationPendingError } from '../domain/organizations.errors';
import { AuthService } from './auth.service';
import { CredentialLookup, LoginCandidate, StoredInvitation, StoredRefreshToken } from './credential-lookup';
import { Invitation, InvitationRepository, NewInvitation } from './invitation.repository';
import { InvitationsService } from './invitations.service';
import { MemberListQuery, MembershipRepository } from './membership.repository';
import { OrganizationRepository } from './organization.repository';
import { PasswordHasher } from './password-hasher';
import { SessionIssuer } from './session-issuer';
import { NewUser, UserRepository } from './user.repository';
import { PasswordAttempts } from './password-attempts';

const ORG = 'org-1';

/** Invitations of one organization, with the database's one-pending-invitation-per-email rule. */
class InMemoryInvitations extends InvitationRepository {
  readonly rows = new Map<string, Invitation & { tokenHash: Buffer }>();

  async create(invitation: NewInvitation): Promise<Invitation> {
    if ([...this.rows.values()].some((row) => row.email === invitation.email && !row.acceptedAt)) throw new InvitationPendingError(invitation.email);
    const id = `inv-${this.rows.size + 1}`;
    const row = {
      id,
      email: invitation.email,
      role: invitation.role,
      invitedBy: invitation.invitedBy,
      expiresAt: invitation.expiresAt,
      acceptedAt: null,
      acceptedBy: null,
      createdAt: new Date(),
      tokenHash: invitation.tokenHash,
    };
    this.rows.set(id, row);
    const { tokenHash: _hash, ...created } = row;
    return created;
  }
  async list(): Promise<Page<Invitation>> {
    return { items: [...this.rows.values()], nextCursor: null };
  }
  async findById(id: string): Promise<Invitation | undefined> {
    return this.rows.get(id);
  }
  async delete(id: string): Promise<void> {
    this.rows.delete(id);
  }
  async markAccepted(id: string, userId: string): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.acceptedAt) return false;
    Object.assign(row, { acceptedAt: new Date(), acceptedBy: userId });
    return true;
  }
}

class InMemoryUsers extends UserRepository {
  readonly rows = new Map<string, User & { passwordHash: string }>();
  async create(user: NewUser): Promise<User> {
    const row = { ...user, status: 'active' as const, preferences: {}, externalIds: {}, lastLoginAt: null, createdAt: new Date() };
    this.rows.set(user.id, row);
    return row;
  }
  async findById(id: string): Promise<User | undefined> {
    return this.rows.get(id);
  }
  async update(): Promise<User> {
    throw new Error('not used');
  }
  async recordLogin(): Promise<void> {}
  async setPasswordHash(): Promise<void> {
    throw new Error('not used');
  }
}

class InMemoryMemberships extends MembershipRepository {
  readonly roles = new Map<string, Role>();
  async add(_organizationId: string, userId: string, role: Role): Promise<void> {
    this.roles.set(userId, role);
  }
  async list(_query: MemberListQuery): Promise<Page<Member>> {
    return { items: [], nextCursor: null };
  }
  async find(userId: string): Promise<Member | undefined> {
    const role = this.roles.get(userId);
    return role ? { userId, email: `${userId}@example.test`, name: userId, role, version: 1, joinedAt: new Date() } : undefined;
  }
  async lockOwners(): Promise<number> {
    return 1;
  }
  async changeRole(): Promise<Member> {
    throw new Error('not used');
  }
  async remove(): Promise<void> {}
}

/** What the SECURITY DEFINER lookups would find: invitations by token hash, users by email. */
class FakeLookup extends CredentialLookup {
  constructor(
    private readonly invitations: InMemoryInvitations,
    private readonly users: InMemoryUsers,
  ) {
    super();
  }
  async loginCandidates(email: string): Promise<LoginCandidate[]> {
    return [...this.users.rows.values()].filter((u) => u.email === email).map((u) => ({ userId: u.id, passwordHash: u.passwordHash, userStatus: u.status }));
  }
  async refreshToken(): Promise<StoredRefreshToken | undefined> {
    return undefined;
  }
  async invitation(tokenHash: Buffer): Promise<StoredInvitation | undefined> {
    const row = [...this.invitations.rows.values()].find((r) => r.tokenHash.equals(tokenHash));
    return row && { id: row.id, organizationId: ORG, email: row.email, role: row.role, expiresAt: row.expiresAt, acceptedAt: row.acceptedAt };
  }
}

class PlainHasher extends PasswordHasher {
  async hash(password: string): Promise<string> {
    return `hashed:${password}`;
  }
  async verify(hash: string | undefined, password: string): Promise<boolean> {
    return hash === `hashed:${password}`;
  }
}

const organization: Organization = {
  id: ORG,
  name: 'Acme',
  slug: 'acme',
  tier: 'free',
  settings: {},
  features: {},
  limits: {},
  version: 1,
  createdAt: new Date(),
  updatedAt: new Date(),
};

function setup() {
  const invitations = new InMemoryInvitations();
  const users = new InMemoryUsers();
  const memberships = new InMemoryMemberships();
  const audit: AuditEntry[] = [];
  const hasher = new PlainHasher();
  const service = new InvitationsService(
    { run: (_scope: unknown, fn: () => Promise<unknown>) => fn() } as unknown as TenantTransaction,
    invitations,
    memberships,
    users,
    { findCurrent: async () => organization } as unknown as OrganizationRepository,
    new FakeLookup(invitations, users),
    hasher,
    { issue: async () => ({ tokenType: 'Bearer', accessToken: 'a', expiresIn: 900, refreshToken: 'r', refreshExpiresIn: 1 }) } as unknown as SessionIssuer,
    {
      session: (_tokens: unknown, user: User, org: Organization, role: Role) => ({ user: { id: user.id }, organization: { id: org.id, role } }),
    } as unknown as AuthService,
    { record: async (entry: AuditEntry) => void audit.push(entry) } as unknown as AuditTrail,
    // Budgets are PasswordAttempts' own concern (password-attempts.spec.ts): here every check is allowed.
    { begin: async () => ({ check: (hash: string | undefined, password: string) => hasher.verify(hash, password) }) } as unknown as PasswordAttempts,
    { invitationTtlHours: 72 } as never,
  );
  return { service, invitations, users, memberships, audit };
}

const CLIENT = '192.0.2.10';
const admin: Actor = { type: 'user', id: 'admin-1', organizationId: ORG, role: 'admin' };

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('InvitationsService', () => {
  describe('invite', () => {
    it('stores only the token hash, normalizes the email, expires after the configured hours, and audits', async () => {
      const { service, invitations, audit } = setup();
      const before = Date.now();
      const { invitation, token } = await service.invite(admin, '  New.Person@Example.TEST ', 'member');
      expect(invitation).toMatchObject({ email: 'new.person@example.test', role: 'member', invitedBy: 'admin-1' });
      expect(invitations.rows.get(invitation.id)!.tokenHash.equals(hashToken(token))).toBe(true);
      expect(invitation.expiresAt.getTime() - before).toBeGreaterThanOrEqual(72 * 3_600_000);
      expect(audit.map((e) => [e.action, e.entityType, e.entityId])).toEqual([['create', 'invitation', invitation.id]]);
    });

    it('refuses a role above the inviter’s own, storing nothing', async () => {
      const { service, invitations } = setup();
      expect(await codeOf(service.invite(admin, 'x@example.test', 'owner'))).toBe('AUTH.ROLE_ABOVE_OWN');
      expect(invitations.rows.size).toBe(0);
    });

    it('lets the repository’s pending-invitation conflict through as INVITATION_PENDING', async () => {
      const { service } = setup();
      await service.invite(admin, 'twice@example.test', 'viewer');
      expect(await codeOf(service.invite(admin, 'twice@example.test', 'member'))).toBe('ORGANIZATIONS.INVITATION_PENDING');
    });

    it('records no inviter for an API key', async () => {
      const { service } = setup();
      const { invitation } = await service.invite({ type: 'api_key', id: 'key-1', organizationId: ORG, role: 'admin' }, 'k@example.test', 'viewer');
      expect(invitation.invitedBy).toBeNull();
    });
  });

  describe('revoke', () => {
    it('refuses an accepted invitation and an unknown one', async () => {
      const { service, invitations } = setup();
      const { invitation } = await service.invite(admin, 'done@example.test', 'viewer');
      await invitations.markAccepted(invitation.id, 'someone');
      expect(await codeOf(service.revoke(invitation.id))).toBe('ORGANIZATIONS.INVITATION_ACCEPTED');
      expect(await codeOf(service.revoke('nope'))).toBe('ORGANIZATIONS.INVITATION_NOT_FOUND');
    });
  });

  describe('accept', () => {
    it('creates the user, adds the membership with the invited role and marks the invitation accepted', async () => {
      const { service, users, memberships, invitations } = setup();
      const { invitation, token } = await service.invite(admin, 'new@example.test', 'member');
      const session = await service.accept({ token, password: 'correct horse battery staple', name: 'New' }, CLIENT);
      const [user] = [...users.rows.values()];
      expect(user).toMatchObject({ email: 'new@example.test', name: 'New', passwordHash: 'hashed:correct horse battery staple' });
      expect(memberships.roles.get(user.id)).toBe('member');
      expect(invitations.rows.get(invitation.id)).toMatchObject({ acceptedBy: user.id });
      expect(session).toMatchObject({ user: { id: user.id }, organization: { id: ORG, role: 'member' } });
    });

    it('asks a new invitee for a name', async () => {
      const { service } = setup();
      const { token } = await service.invite(admin, 'nameless@example.test', 'member');
      expect(await codeOf(service.accept({ token, password: 'pw' }, CLIENT))).toBe('COMMON.VALIDATION_FAILED');
    });

    it('checks an existing user’s password, and creates no second user', async () => {
      const { service, users } = setup();
      await users.create({ id: 'u-1', email: 'known@example.test', name: 'Known', passwordHash: 'hashed:right' });
      const { token } = await service.invite(admin, 'known@example.test', 'viewer');
      expect(await codeOf(service.accept({ token, password: 'wrong' }, CLIENT))).toBe('AUTH.INVALID_CREDENTIALS');
      await expect(service.accept({ token, password: 'right' }, CLIENT)).resolves.toMatchObject({ user: { id: 'u-1' } });
      expect(users.rows.size).toBe(1);
    });

    it('refuses unknown, expired, accepted tokens and a user who is already a member', async () => {
      const { service, invitations, users, memberships } = setup();
      expect(await codeOf(service.accept({ token: 'unknown', password: 'pw', name: 'X' }, CLIENT))).toBe('ORGANIZATIONS.INVITATION_NOT_FOUND');

      const expired = await service.invite(admin, 'late@example.test', 'viewer');
      invitations.rows.get(expired.invitation.id)!.expiresAt = new Date(Date.now() - 1);
      expect(await codeOf(service.accept({ token: expired.token, password: 'pw', name: 'X' }, CLIENT))).toBe('ORGANIZATIONS.INVITATION_EXPIRED');

      const used = await service.invite(admin, 'used@example.test', 'viewer');
      await invitations.markAccepted(used.invitation.id, 'someone');
      expect(await codeOf(service.accept({ token: used.token, password: 'pw', name: 'X' }, CLIENT))).toBe('ORGANIZATIONS.INVITATION_ACCEPTED');

      await users.create({ id: 'm-1', email: 'member@example.test', name: 'M', passwordHash: 'hashed:pw' });
      await memberships.add(ORG, 'm-1', 'viewer');
      const again = await service
        .accept({ token: (await service.invite(admin, 'member@example.test', 'admin')).token, password: 'pw' }, CLIENT)
        .catch((e: { code: string }) => e.code);
      expect(again).toBe('ORGANIZATIONS.ALREADY_MEMBER');
      expect(memberships.roles.get('m-1')).toBe('viewer');
    });
  });
});
