import { hasRole, isRole, Role, ROLES } from './roles';

describe('roles', () => {
  it('orders owner > admin > member > viewer', () => {
    const allowed = (role: Role) => ROLES.filter((required) => hasRole(role, required));
    expect(allowed('owner')).toEqual(['owner', 'admin', 'member', 'viewer']);
    expect(allowed('admin')).toEqual(['admin', 'member', 'viewer']);
    expect(allowed('member')).toEqual(['member', 'viewer']);
    expect(allowed('viewer')).toEqual(['viewer']);
  });

  it('recognises only the four roles', () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    for (const value of ['Owner', 'superuser', '', undefined, null, 3, {}]) expect(isRole(value)).toBe(false);
  });
});
