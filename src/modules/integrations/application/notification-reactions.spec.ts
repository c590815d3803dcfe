import { IntegrationNotifier, NotificationKind } from './integration-notifier';
import { NotificationReactions } from './notification-reactions';
import { IntegrationEvents, ObservedFact } from './ports';

/** Which facts become which notifications, over a fake event log and a recording notifier. */
describe('NotificationReactions', () => {
  const ORG = '5b0c6c1e-8a4e-4f5e-9d61-3d0a3c1f2a01';
  let sent: Array<[NotificationKind, string]>;
  let reactions: Map<string, (fact: ObservedFact) => Promise<void>>;

  beforeEach(() => {
    sent = [];
    reactions = new Map();
    const events = {
      react: (types: readonly string[], reaction: (fact: ObservedFact) => Promise<void>) => types.forEach((type) => reactions.set(type, reaction)),
    } as unknown as IntegrationEvents;
    const notifier = {
      notify: async (kind: NotificationKind, text: string) => {
        sent.push([kind, text]);
        return 1;
      },
    } as unknown as IntegrationNotifier;
    new NotificationReactions(events, notifier).onModuleInit();
  });

  const fire = (type: string, entityId: string, payload: Record<string, unknown>) =>
    reactions.get(type)!({ type, source: type.split('.')[0], organizationId: ORG, entityId, payload });
  const execution = (status: string, extra: Record<string, unknown> = {}) =>
    fire('pipelines.execution.finished', 'E-1', { status, pipelineId: 'P-1', branch: 'main', commitSha: '0123456789abcdef0123', trigger: 'manual', ...extra });

  it('registers for the finished execution and the three terminal agent-run facts', () => {
    expect([...reactions.keys()].sort()).toEqual([
      'agents.run.cancelled',
      'agents.run.completed',
      'agents.run.failed',
      'analytics.anomaly.raised',
      'pipelines.execution.finished',
    ]);
  });

  it('notifies a failed or timed-out native execution with its pipeline, branch, commit and status', async () => {
    await execution('failed');
    await execution('timed_out', { reason: 'The execution ran past its timeout', branch: null, commitSha: null });
    expect(sent).toEqual([
      ['pipeline.failed', 'Pipeline failed: execution E-1 of pipeline P-1 on main at 0123456789ab (status failed)'],
      ['pipeline.failed', 'Pipeline timed out: execution E-1 of pipeline P-1 on no branch at no commit (status timed_out: The execution ran past its timeout)'],
    ]);
  });

  it('leaves out succeeded and cancelled executions, and mirrored GitHub runs (the GitHub processor notifies those)', async () => {
    await execution('succeeded');
    await execution('cancelled');
    await execution('failed', { trigger: 'external' });
    await execution('timed_out', { trigger: 'external' });
    expect(sent).toEqual([]);
  });

  it('notifies every terminal agent run with its run, agent and status', async () => {
    await fire('agents.run.completed', 'R-1', { agentId: 'A-1' });
    await fire('agents.run.failed', 'R-2', { agentId: 'A-1' });
    await fire('agents.run.cancelled', 'R-3', { agentId: 'A-2', previousStatus: 'queued' });
    expect(sent).toEqual([
      ['agent_run.finished', 'Agent run completed: run R-1 of agent A-1 (status completed)'],
      ['agent_run.finished', 'Agent run failed: run R-2 of agent A-1 (status failed)'],
      ['agent_run.finished', 'Agent run cancelled: run R-3 of agent A-2 (status cancelled)'],
    ]);
  });

  it('notifies a raised anomaly with its severity, the alert’s message and its ids', async () => {
    await fire('analytics.anomaly.raised', 'AN-1', { alertId: 'AL-1', severity: 'critical', message: 'Queue too deep: queue.depth is 600 (expected 100)' });
    await fire('analytics.anomaly.raised', 'AN-2', { alertId: 'AL-2', metricName: 'queue.depth' });
    expect(sent).toEqual([
      ['anomaly.raised', 'Anomaly (critical): Queue too deep: queue.depth is 600 (expected 100) (anomaly AN-1, alert AL-1)'],
      ['anomaly.raised', 'Anomaly (warning): queue.depth is anomalous (anomaly AN-2, alert AL-2)'],
    ]);
  });
});
