import { Actor, Page, Role } from '@switchyard/core';
import { AuditEntry, AuditTrail } from '@switchyard/audit';
import { Member } from '../domain/organization';
import { MembersService } from './members.service';
import { MemberListQuery, MembershipRepository } from './membership.repository';
import { NewRefreshToken, RefreshTokenRepository } from './refresh-token.repository';
import { ApiKeysService } from './api-keys.service';

/** One organization's memberships in memory; records whether the owners were locked before a read. */
class InMemoryMemberships extends MembershipRepository {
  readonly members = new Map<string, Member>();
  readonly calls: string[] = [];

  constructor(roles: Record<string, Role>) {
    super();
    for (const [userId, role] of Object.entries(roles)) {
      this.members.set(userId, { userId, email: `${userId}@example.test`, name: userId, role, version: 1, joinedAt: new Date(0) });
    }
  }

  async add(_organizationId: string, userId: string, role: Role): Promise<void> {
    this.members.set(userId, { userId, email: `${userId}@example.test`, name: userId, role, version: 1, joinedAt: new Date() });
  }

  async list(query: MemberListQuery): Promise<Page<Member>> {
    return { items: [...this.members.values()].filter((m) => !query.role || m.role === query.role), nextCursor: null };
  }

  async find(userId: string): Promise<Member | undefined> {
    this.calls.push('find');
    return this.members.get(userId);
  }

  async lockOwners(): Promise<number> {
    this.calls.push('lockOwners');
    return [...this.members.values()].filter((m) => m.role === 'owner').length;
  }

  async changeRole(userId: string, role: Role): Promise<Member> {
    const member = this.members.get(userId)!;
    const changed = { ...member, role, version: member.version + 1 };
    this.members.set(userId, changed);
    return changed;
  }

  async remove(userId: string): Promise<void> {
    this.members.delete(userId);
  }
}

class InMemoryRefreshTokens extends RefreshTokenRepository {
  readonly revokedUsers: string[] = [];
  async create(_token: NewRefreshToken): Promise<void> {}
  async rotate(): Promise<boolean> {
    return true;
  }
  async revokeFamily(): Promise<void> {}
  async revokeAllOfUser(userId: string): Promise<void> {
    this.revokedUsers.push(userId);
  }
  async endAllSessionsOfCurrentUser(): Promise<number> {
    throw new Error('not used');
  }
}

class RecordingAuditTrail {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(entry);
  }
}

const actor = (id: string, role: Role): Actor => ({ type: 'user', id, organizationId: 'org', role });

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

function setup(roles: Record<string, Role>) {
  const memberships = new InMemoryMemberships(roles);
  const refreshTokens = new InMemoryRefreshTokens();
  const audit = new RecordingAuditTrail();
  // Which keys go with a member is ApiKeysService's rule (test/organizations/live-authorization): here, only what was asked.
  const revokedKeys: Array<{ userId: string; role: Role | undefined }> = [];
  const apiKeys = {
    revokeBeyondAuthority: async (userId: string, role: Role | undefined) => void revokedKeys.push({ userId, role }),
  } as unknown as ApiKeysService;
  const service = new MembersService(memberships, refreshTokens, apiKeys, audit as unknown as AuditTrail);
  return { memberships, refreshTokens, audit, service, revokedKeys };
}

describe('MembersService', () => {
  describe('changeRole', () => {
    it('changes a role, audits before and after, and locks the owners before reading the member', async () => {
      const { service, memberships, audit } = setup({ alice: 'owner', bob: 'member' });
      const changed = await service.changeRole(actor('alice', 'owner'), 'bob', 'admin');
      expect(changed).toMatchObject({ userId: 'bob', role: 'admin', version: 2 });
      expect(memberships.calls.slice(0, 2)).toEqual(['lockOwners', 'find']);
      expect(audit.entries).toEqual([{ action: 'update', entityType: 'membership', entityId: 'bob', before: { role: 'member' }, after: { role: 'admin' } }]);
    });

    it('never demotes the last owner, and changes nothing', async () => {
      const { service, memberships, audit } = setup({ alice: 'owner', bob: 'admin' });
      expect(await codeOf(service.changeRole(actor('alice', 'owner'), 'alice', 'admin'))).toBe('ORGANIZATIONS.LAST_OWNER');
      expect(memberships.members.get('alice')!.role).toBe('owner');
      expect(audit.entries).toEqual([]);
    });

    it('lets an owner step down while another owner remains', async () => {
      const { service } = setup({ alice: 'owner', carol: 'owner' });
      await expect(service.changeRole(actor('alice', 'owner'), 'alice', 'admin')).resolves.toMatchObject({ role: 'admin' });
    });

    it('keeps the owner role out of an admin’s reach, either way', async () => {
      const { service, memberships } = setup({ alice: 'owner', carol: 'owner', bob: 'admin', dave: 'member' });
      expect(await codeOf(service.changeRole(actor('bob', 'admin'), 'dave', 'owner'))).toBe('ORGANIZATIONS.OWNER_ONLY');
      expect(await codeOf(service.changeRole(actor('bob', 'admin'), 'alice', 'member'))).toBe('ORGANIZATIONS.OWNER_ONLY');
      expect(memberships.members.get('dave')!.role).toBe('member');
      expect(memberships.members.get('alice')!.role).toBe('owner');
    });

    it('answers the member unchanged (and audits nothing) when the role is already the one asked for', async () => {
      const { service, audit } = setup({ alice: 'owner', bob: 'member' });
      await expect(service.changeRole(actor('alice', 'owner'), 'bob', 'member')).resolves.toMatchObject({ role: 'member', version: 1 });
      expect(audit.entries).toEqual([]);
    });

    it('refuses a user who is not a member with MEMBER_NOT_FOUND', async () => {
      const { service } = setup({ alice: 'owner' });
      expect(await codeOf(service.changeRole(actor('alice', 'owner'), 'nobody', 'member'))).toBe('ORGANIZATIONS.MEMBER_NOT_FOUND');
    });
  });

  describe('remove', () => {
    it('removes a member, ends their sessions and audits it', async () => {
      const { service, memberships, refreshTokens, audit } = setup({ alice: 'owner', bob: 'member' });
      await service.remove(actor('alice', 'owner'), 'bob');
      expect(memberships.members.has('bob')).toBe(false);
      expect(refreshTokens.revokedUsers).toEqual(['bob']);
      expect(audit.entries).toEqual([
        { action: 'delete', entityType: 'membership', entityId: 'bob', before: { userId: 'bob', email: 'bob@example.test', role: 'member' } },
      ]);
    });

    it('lets anyone leave, but only admins remove others', async () => {
      const { service, memberships } = setup({ alice: 'owner', bob: 'member', dave: 'viewer' });
      expect(await codeOf(service.remove(actor('bob', 'member'), 'dave'))).toBe('AUTH.ROLE_REQUIRED');
      expect(memberships.members.has('dave')).toBe(true);
      await service.remove(actor('dave', 'viewer'), 'dave');
      expect(memberships.members.has('dave')).toBe(false);
    });

    it('lets only owners remove an owner', async () => {
      const { service, memberships, refreshTokens } = setup({ alice: 'owner', carol: 'owner', bob: 'admin' });
      expect(await codeOf(service.remove(actor('bob', 'admin'), 'carol'))).toBe('ORGANIZATIONS.OWNER_ONLY');
      expect(memberships.members.has('carol')).toBe(true);
      expect(refreshTokens.revokedUsers).toEqual([]);
      await service.remove(actor('alice', 'owner'), 'carol');
      expect(memberships.members.has('carol')).toBe(false);
    });

    it('never lets the last owner go, not even by leaving', async () => {
      const { service, memberships } = setup({ alice: 'owner', bob: 'admin' });
      expect(await codeOf(service.remove(actor('alice', 'owner'), 'alice'))).toBe('ORGANIZATIONS.LAST_OWNER');
      expect(memberships.members.has('alice')).toBe(true);
    });
  });
});
