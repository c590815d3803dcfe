import { Injectable } from '@nestjs/common';
import { taskKeysIn } from '../domain/delivery';
import { Integration } from '../domain/integration';
import { StoredDelivery } from './delivery.repository';
import { PlatformProcessor, ProcessResult } from './delivery-processor';
import { MappingRepository } from './mapping.repository';
import { ProjectsGateway, TasksGateway } from './ports';
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
      case 'workflow_job':
        return this.pipelines.mirror(integration, name, body);
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
    return { status: 'processed', outcome: { repositoryId, branch, headSha: body.after, pushedAt: pushedAt.toISOString(), applied: moved.applied } };
  }

  private async pullRequest(integration: Integration, body: Json): Promise<ProcessResult> {
    const pr = body.pull_request as Json | undefined;
    if (!pr) return { status: 'ignored', outcome: { reason: 'no pull request' } };
    const settings = integration.configuration.pullRequests ?? {};
    const merged = body.action === 'closed' && pr.merged === true;
    const opened = ['opened', 'reopened', 'edited', 'ready_for_review', 'synchronize'].includes(body.action) && pr.state === 'open' && !pr.draft;
    const target = merged ? (settings.mergedStatus === undefined ? 'done' : settings.mergedStatus) : opened ? (settings.openedStatus === undefined ? 'in_review' : settings.openedStatus) : null;
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
      linked.push({ taskId: task.id, key: `${key.prefix}-${key.number}`, ...('refused' in after ? { moved: false, refused: after.refused } : { moved: true, status: after.status }) });
    }
    if (linked.length === 0) return { status: 'ignored', outcome: { reason: 'no linked task', pullRequest: pr.number, action: body.action } };
    return { status: 'processed', outcome: { pullRequest: pr.number, action: body.action, merged, tasks: linked } };
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
    else await this.mappings.insert({ integrationId: integration.id, platform: 'github', externalType: 'repository', externalId, entityType: 'repository', entityId: id, metadata: { fullName } });
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
