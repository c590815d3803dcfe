// The public face of AI Agents: what other modules may import.
export { AgentsService } from './application/agents.service';
export { AgentRunsService } from './application/agent-runs.service';
export type { Agent, Capabilities } from './domain/agent';
export type { AgentRun, RunStatus } from './domain/agent-run';
export { AgentsModule } from './agents.module';
