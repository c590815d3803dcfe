import { Injectable } from '@nestjs/common';
import { taskKeysIn } from '../domain/delivery';
import { Integration } from '../domain/integration';
import { StoredDelivery } from './delivery.repository';
import { PlatformProcessor, ProcessResult } from './delivery-processor';
import { MappingRepository } from './mapping.repository';
import { ProjectsGateway, TasksGateway } from './ports';
import { IntegrationNotifier } from './integration-notifier';
import { PipelinesGateway } from './pipelines.gateway';

type Json = Record<string, any>;

/**
 * GitHub: push → branch head (an older push never moves it back), pull_request → linked tasks
 * (a key like PAY-42 in the title, body or branch moves the task to in_review; merged → done, per
 * the integration's configuration), installation / installation_repositories → repositories,
 * workflow_run / workflow_job → pipeline executions and steps (the pipelines module's front door).
 */
@Injectable()
export class GithubProcessor extends PlatformProcessor {
  readonly platform = 'github' as const;

  constructor(
    private readonly mappings: MappingRepository,
    private readonly projects: ProjectsGateway,
    private readonly tasks: TasksGateway,
    private readonly pipelines: PipelinesGateway,
    private readonly notifier: IntegrationNotifier,
  ) {
    super();
  }

  async process(integration: Integration, delivery: StoredDelivery, body: Json): Promise<ProcessResult> {
    const name = delivery.headers['x-github-event'];
    switch (name) {
      case 'push':
        return this.push(integration, delivery, body);
      case 'pull_request':
        return this.pullRequest(integration, body);
      case 'installation':
      case 'installation_repositories':
        return this.installation(integration, name, body);
      case 'workflow_run':
        return this.workflowRun(integration, body);
      case 'workflow_job':
        return this.workflowJob(body);
      default:
        return { status: 'ignored', outcome: { reason: `event ${name ?? 'unknown'} is not mapped` } };
    }
  }

  private async push(integration: Integration, delivery: StoredDelivery, body: Json): Promise<ProcessResult> {
    const ref: string = body.ref ?? '';
    if (!ref.startsWith('refs/heads/') || !body.repository) return { status: 'ignored', outcome: { reason: 'not a branch push', ref } };
    const repositoryId = await this.repositoryFor(integration, body.repository);
    const branch = ref.slice('refs/heads/'.length);
    if (body.deleted) {
      const deleted = await this.projects.deleteBranch(repositoryId, branch);
      return { status: 'processed', outcome: { repositoryId, branch, deleted } };
    }
    const pushedAt = pushTime(body, delivery.receivedAt);
    const moved = await this.projects.moveBranch(repositoryId, { name: branch, headSha: String(body.after), pushedAt });
    // Pipelines start only for a push that moved the head (a late, older push starts nothing).
    const executions = moved.applied
      ? await this.pipelines.onPush({ repositoryId, branch, commitSha: String(body.after), pusher: body.pusher?.name ?? body.sender?.login })
      : [];
    return {
      status: 'processed',
      outcome: { repositoryId, branch, headSha: body.after, pushedAt: pushedAt.toISOString(), applied: moved.applied, executions },
    };
  }

  private async pullRequest(integration: Integration, body: Json): Promise<ProcessResult> {
    const pr = body.pull_request as Json | undefined;
    if (!pr) return { status: 'ignored', outcome: { reason: 'no pull request' } };
    const settings = integration.configuration.pullRequests ?? {};
    const merged = body.action === 'closed' && pr.merged === true;
    const opened = ['opened', 'reopened', 'edited', 'ready_for_review', 'synchronize'].includes(body.action) && pr.state === 'open' && !pr.draft;
    const target = merged
      ? settings.mergedStatus === undefined
        ? 'done'
        : settings.mergedStatus
      : opened
        ? settings.openedStatus === undefined
          ? 'in_review'
          : settings.openedStatus
        : null;
    const keys = taskKeysIn(pr.title, pr.body, pr.head?.ref);
    const prefixes = integration.configuration.taskKeyPrefixes ?? {};
    const linked: Array<Record<string, unknown>> = [];
    for (const key of keys) {
      const projectId = prefixes[key.prefix];
      if (!projectId) continue;
      const task = await this.tasks.findByNumber(projectId, key.number);
      if (!task) continue;
      await this.mappings.insert({
        integrationId: integration.id,
        platform: 'github',
        externalType: 'pull_request_task',
        externalId: `${pr.id}/${task.id}`,
        entityType: 'task',
        entityId: task.id,
        metadata: { number: pr.number, url: pr.html_url, repository: body.repository?.full_name },
      });
      if (!target || task.status === target || (target === 'in_review' && task.status === 'done')) {
        linked.push({ taskId: task.id, key: `${key.prefix}-${key.number}`, status: task.status, moved: false });
        continue;
      }
      const after = await this.tasks.update(task.id, task.version, { status: target });
      linked.push({
        taskId: task.id,
        key: `${key.prefix}-${key.number}`,
        ...('refused' in after ? { moved: false, refused: after.refused } : { moved: true, status: after.status }),
      });
    }
    let executions: string[] = [];
    if (body.repository && pr.head?.sha && ['opened', 'synchronize', 'reopened'].includes(body.action)) {
      // Idempotent per (pull request, head sha): a replay starts nothing twice.
      const repositoryId = await this.repositoryFor(integration, body.repository);
      const key = `${pr.id}@${pr.head.sha}`;
      if (!(await this.mappings.find(integration.id, 'pull_request_head', key))) {
        executions = await this.pipelines.onPullRequest({
          repositoryId,
          number: pr.number,
          action: body.action,
          baseBranch: pr.base?.ref ?? '',
          headBranch: pr.head.ref ?? '',
          commitSha: pr.head.sha,
        });
        await this.mappings.insert({
          integrationId: integration.id,
          platform: 'github',
          externalType: 'pull_request_head',
          externalId: key,
          entityType: 'repository',
          entityId: repositoryId,
          metadata: { executions },
        });
      }
    }
    if (linked.length === 0 && executions.length === 0)
      return { status: 'ignored', outcome: { reason: 'no linked task or pipeline', pullRequest: pr.number, action: body.action } };
    return { status: 'processed', outcome: { pullRequest: pr.number, action: body.action, merged, tasks: linked, executions } };
  }

  private async installation(integration: Integration, name: string, body: Json): Promise<ProcessResult> {
    const added: Json[] = name === 'installation' ? (body.action === 'created' ? (body.repositories ?? []) : []) : (body.repositories_added ?? []);
    const removed: Json[] = name === 'installation' ? (body.action === 'deleted' ? (body.repositories ?? []) : []) : (body.repositories_removed ?? []);
    const owner: string = body.installation?.account?.login ?? 'unknown';
    const registered: string[] = [];
    for (const repo of added) {
      registered.push(await this.repositoryFor(integration, { ...repo, owner: { login: String(repo.full_name ?? '').split('/')[0] || owner } }));
    }
    for (const repo of removed) {
      // The repository and its history stay: the installation only stopped sending its events.
      const mapping = await this.mappings.find(integration.id, 'repository', String(repo.id));
      if (mapping) await this.mappings.update(mapping.id, { metadata: { ...mapping.metadata, removedFromInstallation: true } });
    }
    if (registered.length === 0 && removed.length === 0) return { status: 'ignored', outcome: { reason: `installation ${body.action} changes no repository` } };
    return { status: 'processed', outcome: { installation: body.installation?.id, repositories: registered, removed: removed.map((repo) => repo.full_name) } };
  }

  private async workflowRun(integration: Integration, body: Json): Promise<ProcessResult> {
    const run = body.workflow_run as Json | undefined;
    if (!run || !body.repository) return { status: 'ignored', outcome: { reason: 'no workflow run' } };
    const repositoryId = await this.repositoryFor(integration, body.repository);
    const projectId = (await this.projects.projectsOf(repositoryId))[0] ?? integration.configuration.repositoryProjectIds?.[0];
    if (!projectId) return { status: 'ignored', outcome: { reason: 'the repository is linked to no project', repositoryId } };
    const mirrored = await this.pipelines.mirrorRun({
      projectId,
      repositoryId,
      runId: String(run.id),
      workflowName: String(run.name ?? body.workflow?.name ?? 'GitHub Actions'),
      headBranch: run.head_branch ?? null,
      headSha: run.head_sha ?? null,
      status: String(run.status),
      conclusion: run.conclusion ?? null,
      htmlUrl: run.html_url ?? null,
      createdAt: date(run.created_at) ?? new Date(),
      startedAt: date(run.run_started_at),
      updatedAt: date(run.updated_at),
    });
    const failedNow = mirrored.status === 'failed' || mirrored.status === 'timed_out';
    if (failedNow && !(await this.mappings.find(integration.id, 'workflow_run_failed', String(run.id)))) {
      // Notified once per run, whatever the replays.
      await this.notifier.notify(
        'pipeline.failed',
        `Pipeline failed: ${run.name ?? 'workflow'} on ${run.head_branch ?? '?'} (${body.repository.full_name}) ${run.html_url ?? ''}`.trim(),
      );
      await this.mappings.insert({
        integrationId: integration.id,
        platform: 'github',
        externalType: 'workflow_run_failed',
        externalId: String(run.id),
        entityType: 'pipeline_execution',
        entityId: mirrored.executionId,
      });
    }
    return { status: 'processed', outcome: { runId: run.id, executionId: mirrored.executionId, status: mirrored.status } };
  }

  private async workflowJob(body: Json): Promise<ProcessResult> {
    const job = body.workflow_job as Json | undefined;
    if (!job) return { status: 'ignored', outcome: { reason: 'no workflow job' } };
    const mirrored = await this.pipelines.mirrorJob({
      runId: String(job.run_id),
      jobId: String(job.id),
      name: String(job.name ?? 'job'),
      status: String(job.status),
      conclusion: job.conclusion ?? null,
      startedAt: date(job.started_at),
      completedAt: date(job.completed_at),
    });
    // A job before its run: failing lets the queue retry once the run's delivery is processed.
    if (!mirrored) throw new Error(`workflow run ${job.run_id} is not mirrored yet`);
    return { status: 'processed', outcome: { runId: job.run_id, jobId: job.id } };
  }

  /** The internal repository of a GitHub repository, registered (and mapped) on first sight. */
  private async repositoryFor(integration: Integration, repo: Json): Promise<string> {
    const externalId = String(repo.id);
    const mapping = await this.mappings.find(integration.id, 'repository', externalId);
    if (mapping && (await this.projects.repositoryExists(mapping.entityId))) return mapping.entityId;
    const fullName: string = repo.full_name ?? `${repo.owner?.login ?? repo.owner?.name}/${repo.name}`;
    const [owner, name] = fullName.split('/');
    const { id } = await this.projects.registerRepository({
      owner,
      name,
      cloneUrl: repo.clone_url ?? `https://github.com/${fullName}.git`,
      defaultBranch: repo.default_branch ?? repo.master_branch,
      visibility: repo.private ? 'private' : 'public',
      externalId,
      description: typeof repo.description === 'string' ? repo.description : undefined,
      projectIds: integration.configuration.repositoryProjectIds ?? [],
    });
    if (mapping) await this.mappings.update(mapping.id, { metadata: { ...mapping.metadata, reRegistered: id } });
    else
      await this.mappings.insert({
        integrationId: integration.id,
        platform: 'github',
        externalType: 'repository',
        externalId,
        entityType: 'repository',
        entityId: id,
        metadata: { fullName },
      });
    return id;
  }
}

/**
 * When the push happened, the order branch heads follow: the repository's pushed_at (seconds, set
 * by GitHub for the push), else the head commit's timestamp, else the receipt time.
 */
export function pushTime(body: Json, receivedAt: Date): Date {
  const pushedAt = body.repository?.pushed_at;
  if (typeof pushedAt === 'number') return new Date(pushedAt * 1000);
  if (typeof pushedAt === 'string' && !Number.isNaN(Date.parse(pushedAt))) return new Date(pushedAt);
  const commitTime = Date.parse(body.head_commit?.timestamp ?? '');
  if (!Number.isNaN(commitTime)) return new Date(commitTime);
  return receivedAt;
}

function date(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}
