import { BudgetExceededError, ConcurrencyLimitError } from './agents.errors';

/** What is spent or reserved this month (open runs count at their estimate). */
export interface Spend {
  organizationUsd: number;
  agentUsd: number;
}

export interface Budgets {
  organizationUsd: number | null | undefined;
  agentUsd: number | null | undefined;
}

/**
 * A new run is refused when its estimate would take the month's spend past a budget: the
 * organization's first, then the agent's. `null`/`undefined` budgets are unlimited.
 */
export function checkBudget(budgets: Budgets, spend: Spend, estimateUsd: number): BudgetExceededError | undefined {
  if (budgets.organizationUsd != null && spend.organizationUsd + estimateUsd > budgets.organizationUsd) {
    return new BudgetExceededError('organization', budgets.organizationUsd, spend.organizationUsd, estimateUsd);
  }
  if (budgets.agentUsd != null && spend.agentUsd + estimateUsd > budgets.agentUsd) {
    return new BudgetExceededError('agent', budgets.agentUsd, spend.agentUsd, estimateUsd);
  }
  return undefined;
}

export interface Running {
  organization: number;
  agent: number;
}

export interface ConcurrencyLimits {
  organization: number | null | undefined;
  agent: number;
}

/** Whether one more run may start now (the organization's cap, then the agent's). */
export function checkCapacity(limits: ConcurrencyLimits, running: Running): ConcurrencyLimitError | undefined {
  if (limits.organization != null && running.organization >= limits.organization) return new ConcurrencyLimitError('organization', limits.organization);
  if (running.agent >= limits.agent) return new ConcurrencyLimitError('agent', limits.agent);
  return undefined;
}

/** The first instant of the calendar month (UTC) `now` falls in: budgets are per calendar month. */
export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}
