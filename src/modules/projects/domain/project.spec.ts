import {
  checkTransition,
  datesAreOrdered,
  isEditable,
  normalizeTags,
  PROJECT_STATUSES,
  PROJECT_TRANSITIONS,
  ProjectStatus,
  slugify,
  transitionEffects,
} from './project';

describe('project lifecycle', () => {
  const led = (status: ProjectStatus) => ({ status, leadId: 'u1' });

  it.each([
    ['planning', 'active'],
    ['planning', 'archived'],
    ['active', 'on_hold'],
    ['active', 'completed'],
    ['on_hold', 'active'],
    ['on_hold', 'completed'],
    ['on_hold', 'archived'],
    ['completed', 'active'],
    ['completed', 'archived'],
    ['archived', 'planning'],
  ] as Array<[ProjectStatus, ProjectStatus]>)('allows %s → %s', (from, to) => {
    expect(checkTransition(led(from), to)).toEqual({ allowed: true });
  });

  it('refuses every other move, naming the allowed targets', () => {
    for (const from of PROJECT_STATUSES) {
      for (const to of PROJECT_STATUSES) {
        if (from === to || PROJECT_TRANSITIONS[from].includes(to)) continue;
        expect(checkTransition(led(from), to)).toEqual({ allowed: false, rule: 'not_allowed', allowedTargets: PROJECT_TRANSITIONS[from] });
      }
    }
    expect(checkTransition(led('active'), 'planning')).toMatchObject({ allowed: false, rule: 'not_allowed' });
    expect(checkTransition(led('archived'), 'active')).toMatchObject({ allowed: false, rule: 'not_allowed' });
  });

  it('refuses staying in place, and activation without a lead', () => {
    expect(checkTransition(led('active'), 'active')).toMatchObject({ allowed: false, rule: 'same_status' });
    expect(checkTransition({ status: 'planning', leadId: null }, 'active')).toMatchObject({ allowed: false, rule: 'lead_required' });
    expect(checkTransition({ status: 'on_hold', leadId: null }, 'active')).toMatchObject({ allowed: false, rule: 'lead_required' });
    expect(checkTransition({ status: 'planning', leadId: null }, 'archived')).toEqual({ allowed: true });
  });

  it('stamps archivedAt on archive and clears it otherwise', () => {
    const now = new Date('2025-01-06T10:00:00Z');
    expect(transitionEffects('archived', now)).toEqual({ status: 'archived', statusChangedAt: now, archivedAt: now });
    expect(transitionEffects('planning', now)).toEqual({ status: 'planning', statusChangedAt: now, archivedAt: null });
  });

  it('makes archived projects read-only', () => {
    expect(isEditable({ status: 'archived' })).toBe(false);
    expect(isEditable({ status: 'completed' })).toBe(true);
  });
});

describe('project values', () => {
  it('slugifies names', () => {
    expect(slugify('Payments API v2')).toBe('payments-api-v2');
    expect(slugify('  Café — Crème!  ')).toBe('cafe-creme');
    expect(slugify('!!!')).toBe('project');
    expect(slugify('x'.repeat(80))).toHaveLength(63);
  });

  it('normalizes tags and checks dates', () => {
    expect(normalizeTags([' Backend', 'backend', 'Q3'])).toEqual(['backend', 'q3']);
    expect(datesAreOrdered('2025-01-01', '2025-02-01')).toBe(true);
    expect(datesAreOrdered('2025-02-01', '2025-01-01')).toBe(false);
    expect(datesAreOrdered(null, '2025-01-01')).toBe(true);
  });
});
