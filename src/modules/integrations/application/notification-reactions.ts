import { Injectable, OnModuleInit } from '@nestjs/common';
import { IntegrationNotifier } from './integration-notifier';
import { IntegrationEvents, ObservedFact } from './ports';

export const PIPELINE_FINISHED = 'pipelines.execution.finished';
/** The agents module's terminal run facts (RunExecutor.finish and AgentRunsService.cancel); runs have no timed-out status. */
export const AGENT_RUN_FINISHED = ['agents.run.completed', 'agents.run.failed', 'agents.run.cancelled'] as const;
/** The analytics module's fact when a rule opens an anomaly (once per anomaly: its alert is deduplicated while it lasts). */
export const ANOMALY_RAISED = 'analytics.anomaly.raised';

/**
 * Slack notifications of other modules' facts, without those modules importing this one: at
 * init it registers reactions on the event log, which calls them in the publisher's transaction,
 * so the outbound job is queued exactly when the fact commits.
 *
 * - `pipelines.execution.finished` failed or timed out → `pipeline.failed`. Mirrored GitHub runs
 *   (trigger `external`) are left out: the GitHub processor notifies those, once per run, and the
 *   pipelines reaper may time one out before GitHub's own conclusion arrives.
 * - `agents.run.completed|failed|cancelled` → `agent_run.finished`.
 * - `analytics.anomaly.raised` → `anomaly.raised` (the alert's message, with its severity).
 */
@Injectable()
export class NotificationReactions implements OnModuleInit {
  constructor(
    private readonly events: IntegrationEvents,
    private readonly notifier: IntegrationNotifier,
  ) {}

  onModuleInit(): void {
    this.events.react([PIPELINE_FINISHED], (fact) => this.pipelineFinished(fact));
    this.events.react(AGENT_RUN_FINISHED, (fact) => this.agentRunFinished(fact));
    this.events.react([ANOMALY_RAISED], (fact) => this.anomalyRaised(fact));
  }

  async pipelineFinished(fact: ObservedFact): Promise<void> {
    const payload = fact.payload ?? {};
    const status = text(payload.status);
    if ((status !== 'failed' && status !== 'timed_out') || payload.trigger === 'external') return;
    const commit = text(payload.commitSha)?.slice(0, 12);
    const reason = text(payload.reason);
    await this.notifier.notify(
      'pipeline.failed',
      `Pipeline ${status === 'timed_out' ? 'timed out' : 'failed'}: execution ${fact.entityId ?? '?'} of pipeline ${text(payload.pipelineId) ?? '?'}` +
        ` on ${text(payload.branch) ?? 'no branch'} at ${commit ?? 'no commit'} (status ${status}${reason ? `: ${reason}` : ''})`,
    );
  }

  async agentRunFinished(fact: ObservedFact): Promise<void> {
    const status = fact.type.slice(fact.type.lastIndexOf('.') + 1);
    const agentId = text(fact.payload?.agentId) ?? '?';
    await this.notifier.notify('agent_run.finished', `Agent run ${status}: run ${fact.entityId ?? '?'} of agent ${agentId} (status ${status})`);
  }

  async anomalyRaised(fact: ObservedFact): Promise<void> {
    const payload = fact.payload ?? {};
    const message = text(payload.message) ?? `${text(payload.metricName) ?? 'a metric'} is anomalous`;
    await this.notifier.notify(
      'anomaly.raised',
      `Anomaly (${text(payload.severity) ?? 'warning'}): ${message} (anomaly ${fact.entityId ?? '?'}, alert ${text(payload.alertId) ?? '?'})`,
    );
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
