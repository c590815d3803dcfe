import { DomainError } from '@switchyard/core';
import { assertCanChangeRole, assertCanGrant, assertCanRemove } from './membership-rules';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as DomainError).code;
  }
  return undefined;
}

describe('assertCanChangeRole', () => {
  it('lets admins move people between admin, member and viewer', () => {
    expect(codeOf(() => assertCanChangeRole('admin', 'member', 'admin', 1))).toBeUndefined();
    expect(codeOf(() => assertCanChangeRole('admin', 'admin', 'viewer', 1))).toBeUndefined();
  });

  it('keeps the owner role for owners to grant and revoke', () => {
    expect(codeOf(() => assertCanChangeRole('admin', 'member', 'owner', 2))).toBe('ORGANIZATIONS.OWNER_ONLY');
    expect(codeOf(() => assertCanChangeRole('admin', 'owner', 'admin', 2))).toBe('ORGANIZATIONS.OWNER_ONLY');
    expect(codeOf(() => assertCanChangeRole('owner', 'member', 'owner', 1))).toBeUndefined();
    expect(codeOf(() => assertCanChangeRole('owner', 'owner', 'admin', 2))).toBeUndefined();
  });

  it('lets nobody raise their own role, while stepping down stays possible', () => {
    expect(codeOf(() => assertCanChangeRole('owner', 'admin', 'owner', 2, true))).toBe('AUTH.SELF_PROMOTION');
    expect(codeOf(() => assertCanChangeRole('admin', 'viewer', 'admin', 1, true))).toBe('AUTH.SELF_PROMOTION');
    expect(codeOf(() => assertCanChangeRole('owner', 'owner', 'admin', 2, true))).toBeUndefined();
    expect(codeOf(() => assertCanChangeRole('owner', 'owner', 'admin', 1, true))).toBe('ORGANIZATIONS.LAST_OWNER');
    expect(codeOf(() => assertCanChangeRole('admin', 'admin', 'member', 1, true))).toBeUndefined();
  });

  it('never demotes the last owner', () => {
    expect(codeOf(() => assertCanChangeRole('owner', 'owner', 'admin', 1))).toBe('ORGANIZATIONS.LAST_OWNER');
    expect(codeOf(() => assertCanChangeRole('owner', 'owner', 'viewer', 0))).toBe('ORGANIZATIONS.LAST_OWNER');
  });
});

describe('assertCanRemove', () => {
  it('lets anyone leave, but only admins remove others', () => {
    expect(codeOf(() => assertCanRemove('viewer', true, 'viewer', 1))).toBeUndefined();
    expect(codeOf(() => assertCanRemove('member', false, 'viewer', 1))).toBe('AUTH.ROLE_REQUIRED');
    expect(codeOf(() => assertCanRemove('admin', false, 'member', 1))).toBeUndefined();
  });

  it('lets only owners remove owners, never the last one', () => {
    expect(codeOf(() => assertCanRemove('admin', false, 'owner', 2))).toBe('ORGANIZATIONS.OWNER_ONLY');
    expect(codeOf(() => assertCanRemove('owner', false, 'owner', 2))).toBeUndefined();
    expect(codeOf(() => assertCanRemove('owner', true, 'owner', 2))).toBeUndefined();
    expect(codeOf(() => assertCanRemove('owner', true, 'owner', 1))).toBe('ORGANIZATIONS.LAST_OWNER');
  });
});

describe('assertCanGrant', () => {
  it('grants at most your own role', () => {
    expect(codeOf(() => assertCanGrant('admin', 'admin'))).toBeUndefined();
    expect(codeOf(() => assertCanGrant('admin', 'viewer'))).toBeUndefined();
    expect(codeOf(() => assertCanGrant('admin', 'owner'))).toBe('AUTH.ROLE_ABOVE_OWN');
    expect(codeOf(() => assertCanGrant('member', 'admin'))).toBe('AUTH.ROLE_ABOVE_OWN');
    expect(codeOf(() => assertCanGrant('owner', 'owner'))).toBeUndefined();
  });
});
