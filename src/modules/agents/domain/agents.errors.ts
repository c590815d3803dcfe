import { DomainError, errorCatalogue } from '@switchyard/core';

/** Every code the agents module answers, besides the platform's COMMON ones. */
export const AGENTS = errorCatalogue('AGENTS', {
  AGENT_NOT_FOUND: { kind: 'not_found', title: 'No such agent in your organization' },
  RUN_NOT_FOUND: { kind: 'not_found', title: 'No such agent run in your organization' },
  TASK_NOT_FOUND: { kind: 'not_found', title: 'No such task in your organization' },
  NAME_TAKEN: { kind: 'conflict', title: 'Another agent already has this name' },
  AGENT_INACTIVE: { kind: 'conflict', title: 'The agent is not active' },
  AGENT_BUSY: { kind: 'conflict', title: 'The agent has runs in flight' },
  INVALID_RUN_TRANSITION: { kind: 'conflict', title: 'The run status does not allow this' },
  NO_CREDENTIALS: { kind: 'unprocessable', title: 'The agent has no provider credentials' },
  CAPABILITY_MISMATCH: { kind: 'unprocessable', title: "The task does not match the agent's capabilities" },
  TASK_NOT_READY: { kind: 'conflict', title: 'The task cannot be handed to an agent in its current state' },
  AGENT_LIMIT_REACHED: { kind: 'unprocessable', title: "The organization's plan allows no more agents" },
  BUDGET_EXCEEDED: { kind: 'payment_required', title: 'The run would exceed the monthly agent budget' },
  CONCURRENCY_LIMIT: { kind: 'rate_limited', title: 'Too many agent runs in flight' },
});

export class AgentNotFoundError extends DomainError {
  constructor(id: string) {
    super(AGENTS.AGENT_NOT_FOUND, `Agent ${id} not found`, { id });
  }
}

export class RunNotFoundError extends DomainError {
  constructor(id: string) {
    super(AGENTS.RUN_NOT_FOUND, `Agent run ${id} not found`, { id });
  }
}

export class RunTaskNotFoundError extends DomainError {
  constructor(id: string) {
    super(AGENTS.TASK_NOT_FOUND, `Task ${id} not found`, { id });
  }
}

export class AgentNameTakenError extends DomainError {
  constructor(name: string) {
    super(AGENTS.NAME_TAKEN, `An agent named "${name}" already exists`, { name });
  }
}

export class AgentInactiveError extends DomainError {
  constructor(id: string) {
    super(AGENTS.AGENT_INACTIVE, `Agent ${id} is not active; activate it first`, { id });
  }
}

export class AgentBusyError extends DomainError {
  constructor(id: string, open: number) {
    super(AGENTS.AGENT_BUSY, `Agent ${id} has ${open} run(s) queued or running; cancel them first`, { id, open });
  }
}

export class InvalidRunTransitionError extends DomainError {
  constructor(from: string, to: string) {
    super(AGENTS.INVALID_RUN_TRANSITION, `An agent run cannot go from ${from} to ${to}`, { from, to });
  }
}

export class NoCredentialsError extends DomainError {
  constructor(id: string) {
    super(AGENTS.NO_CREDENTIALS, `Agent ${id} has no provider credentials; set them with PUT /v1/agents/${id}/credentials`, { id });
  }
}

export class CapabilityMismatchError extends DomainError {
  constructor(agentId: string, taskId: string, reasons: string[]) {
    super(AGENTS.CAPABILITY_MISMATCH, `Task ${taskId} does not match agent ${agentId}: ${reasons.join('; ')}`, { agentId, taskId, reasons });
  }
}

export class TaskNotReadyError extends DomainError {
  constructor(taskId: string, status: string) {
    super(AGENTS.TASK_NOT_READY, `Task ${taskId} is ${status}: only backlog or todo tasks can be handed to an agent`, { taskId, status });
  }
}

export class AgentLimitReachedError extends DomainError {
  constructor(limit: number) {
    super(AGENTS.AGENT_LIMIT_REACHED, `The organization's plan allows ${limit} agent(s)`, { limit });
  }
}

export class BudgetExceededError extends DomainError {
  constructor(scope: 'organization' | 'agent', budgetUsd: number, spentUsd: number, estimateUsd: number) {
    super(
      AGENTS.BUDGET_EXCEEDED,
      `The ${scope}'s monthly agent budget is ${budgetUsd} USD; ${spentUsd.toFixed(4)} USD is spent or reserved this month and this run is estimated at ${estimateUsd.toFixed(4)} USD`,
      { scope, budgetUsd, spentUsd: round(spentUsd), estimateUsd: round(estimateUsd) },
    );
  }
}

export class ConcurrencyLimitError extends DomainError {
  constructor(scope: 'organization' | 'agent', limit: number) {
    super(AGENTS.CONCURRENCY_LIMIT, `The ${scope} already has ${limit} run(s) in flight, its limit`, { scope, limit });
  }
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
