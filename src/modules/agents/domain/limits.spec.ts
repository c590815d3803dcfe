import { AGENTS } from './agents.errors';
import { checkBudget, checkCapacity, monthStart } from './limits';

describe('budgets and concurrency caps', () => {
  it('refuses a run whose estimate would pass the organization budget, then the agent budget', () => {
    expect(checkBudget({ organizationUsd: 1, agentUsd: null }, { organizationUsd: 0.9, agentUsd: 0 }, 0.1)).toBeUndefined();
    const org = checkBudget({ organizationUsd: 1, agentUsd: null }, { organizationUsd: 0.95, agentUsd: 0 }, 0.1);
    expect(org?.code).toBe(AGENTS.BUDGET_EXCEEDED.code);
    expect(org?.details).toMatchObject({ scope: 'organization', budgetUsd: 1, spentUsd: 0.95, estimateUsd: 0.1 });
    const agent = checkBudget({ organizationUsd: undefined, agentUsd: 0.5 }, { organizationUsd: 100, agentUsd: 0.45 }, 0.1);
    expect(agent?.details).toMatchObject({ scope: 'agent' });
    expect(checkBudget({ organizationUsd: null, agentUsd: null }, { organizationUsd: 1e9, agentUsd: 1e9 }, 1)).toBeUndefined();
    expect(AGENTS.BUDGET_EXCEEDED.kind).toBe('payment_required');
  });

  it('lets a run start only below both caps', () => {
    expect(checkCapacity({ organization: 2, agent: 5 }, { organization: 1, agent: 1 })).toBeUndefined();
    expect(checkCapacity({ organization: 2, agent: 5 }, { organization: 2, agent: 1 })?.details).toEqual({ scope: 'organization', limit: 2 });
    expect(checkCapacity({ organization: undefined, agent: 1 }, { organization: 50, agent: 1 })?.details).toEqual({ scope: 'agent', limit: 1 });
  });

  it('counts budgets per calendar month in UTC', () => {
    expect(monthStart(new Date('2026-11-30T23:59:59Z')).toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });
});
