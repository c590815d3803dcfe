import { AuditEntry, AuditTrail } from '@switchyard/audit';
import { ConfigType } from '@switchyard/config';
import { analysisConfig } from '../projects.config';
import { Actor, COMMON, DomainError, Page } from '@switchyard/core';
import { OutboundGate } from '@switchyard/outbound';
import { randomUUID } from 'node:crypto';
import { Project } from '../domain/project';
import { PROJECTS, RepositoryExistsError } from '../domain/projects.errors';
import { Branch, Repository } from '../domain/repository';
import { ProjectRepository } from './project.repository';
import { RepositoriesService } from './repositories.service';
import { BranchUpsert, NewRepository, RepositoryChanges, RepositoryIdentity, RepositoryRepository } from './repository.repository';

/** Repositories and their project links in memory, with the adapter's version check and duplicate rule. */
class InMemoryRepositoryRepository extends RepositoryRepository {
  readonly rows = new Map<string, Omit<Repository, 'projectIds'>>();
  /** `${projectId}:${repositoryId}` */
  readonly links = new Set<string>();
  readonly writes: string[] = [];

  constructor(private readonly projectIds: () => Set<string>) {
    super();
  }

  async exists(id: string) {
    return this.rows.has(id);
  }
  async find(id: string): Promise<Repository | undefined> {
    const row = this.rows.get(id);
    if (!row) return undefined;
    const projectIds = [...this.links].filter((link) => link.endsWith(`:${id}`)).map((link) => link.split(':')[0]);
    return { ...row, projectIds: projectIds.sort() };
  }
  async list(): Promise<Page<Repository>> {
    return { items: [], nextCursor: null };
  }
  async insert(repository: NewRepository) {
    const duplicate = [...this.rows.values()].some(
      (row) =>
        row.provider === repository.provider &&
        row.owner.toLowerCase() === repository.owner.toLowerCase() &&
        row.name.toLowerCase() === repository.name.toLowerCase(),
    );
    if (duplicate) throw new RepositoryExistsError(repository.provider, repository.owner, repository.name);
    this.writes.push('insert');
    const now = new Date();
    const row = { ...repository, id: randomUUID(), organizationId: 'org', lastAnalyzedAt: null, version: 1, createdAt: now, updatedAt: now };
    this.rows.set(row.id, row);
    return (await this.find(row.id))!;
  }
  async update(id: string, expectedVersion: number, changes: RepositoryChanges, _identity: RepositoryIdentity) {
    const row = this.rows.get(id);
    if (!row || row.version !== expectedVersion) return false;
    this.writes.push('update');
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    this.rows.set(id, { ...row, ...defined, version: row.version + 1 });
    return true;
  }
  async delete(id: string) {
    return this.rows.delete(id);
  }
  async setProjects(repositoryId: string, projectIds: string[]) {
    this.writes.push(`setProjects:${projectIds.join(',')}`);
    for (const link of [...this.links]) if (link.endsWith(`:${repositoryId}`)) this.links.delete(link);
    for (const projectId of projectIds) this.links.add(`${projectId}:${repositoryId}`);
  }
  async link(projectId: string, repositoryId: string) {
    if (!this.projectIds().has(projectId)) throw new Error('foreign key: the service checks projects first');
    const key = `${projectId}:${repositoryId}`;
    if (this.links.has(key)) return false;
    this.links.add(key);
    return true;
  }
  async unlink(projectId: string, repositoryId: string) {
    return this.links.delete(`${projectId}:${repositoryId}`);
  }
  async markAnalyzed() {}
  async markScheduled() {}
  async upsertBranch(_repositoryId: string, _branch: BranchUpsert): Promise<{ branch: Branch; created: boolean; applied: boolean }> {
    throw new Error('not used here');
  }
  async findBranch() {
    return undefined;
  }
  async listBranches(): Promise<Page<Branch>> {
    return { items: [], nextCursor: null };
  }
  async deleteBranch() {
    return false;
  }
}

/** Only `existing` matters to the repositories service: which ids are projects of the tenant. */
class KnownProjects extends ProjectRepository {
  constructor(readonly ids: Set<string>) {
    super();
  }
  async existing(ids: string[]) {
    return ids.filter((id) => this.ids.has(id));
  }
  async exists(id: string) {
    return this.ids.has(id);
  }
  find(): Promise<Project | undefined> {
    throw new Error('not used here');
  }
  findBySlug(): Promise<Project | undefined> {
    throw new Error('not used here');
  }
  list(): Promise<Page<Project>> {
    throw new Error('not used here');
  }
  repositoryLinks(): Promise<Map<string, string[]>> {
    throw new Error('not used here');
  }
  count(): Promise<number> {
    throw new Error('not used here');
  }
  lockCreation(): Promise<void> {
    throw new Error('not used here');
  }
  insert(): Promise<Project> {
    throw new Error('not used here');
  }
  update(): Promise<Project | undefined> {
    throw new Error('not used here');
  }
  delete(): Promise<boolean> {
    throw new Error('not used here');
  }
}

const actor: Actor = { type: 'user', id: randomUUID(), organizationId: 'org', role: 'member' };
const GITHUB = { provider: 'github' as const, owner: 'acme', name: 'api', cloneUrl: 'https://github.com/acme/api.git' };

describe('RepositoriesService', () => {
  let projectIds: Set<string>;
  let repositories: InMemoryRepositoryRepository;
  let audit: AuditEntry[];
  let service: RepositoriesService;
  const [alpha, bravo] = [randomUUID(), randomUUID()];

  beforeEach(() => {
    projectIds = new Set([alpha, bravo]);
    repositories = new InMemoryRepositoryRepository(() => projectIds);
    audit = [];
    const auditTrail = { record: async (entry: AuditEntry) => void audit.push(entry) } as unknown as AuditTrail;
    const config = { allowLocalRepositories: false } as ConfigType<typeof analysisConfig>;
    service = new RepositoriesService(repositories, new KnownProjects(projectIds), auditTrail, new OutboundGate({ allowedHosts: [] }), config);
  });

  const codeOf = async (promise: Promise<unknown>): Promise<string> => {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
    return error.code;
  };

  describe('link and unlink', () => {
    it('links once (idempotent, audited once) and answers the repository with its projects', async () => {
      const repository = await service.create(actor, GITHUB);
      audit.length = 0;
      expect(await service.link(alpha, repository.id)).toMatchObject({ id: repository.id, projectIds: [alpha] });
      expect(await service.link(alpha, repository.id)).toMatchObject({ projectIds: [alpha] });
      expect(audit).toEqual([expect.objectContaining({ action: 'link', entityType: 'project_repository', entityId: `${alpha}:${repository.id}` })]);
    });

    it("refuses another tenant's (unknown) project or repository as not found", async () => {
      const repository = await service.create(actor, GITHUB);
      const stranger = randomUUID();
      const error = await service.link(stranger, repository.id).catch((reason: DomainError) => reason);
      expect(error).toMatchObject({ code: PROJECTS.PROJECT_NOT_FOUND.code, fieldErrors: [{ field: 'projectIds' }] });
      expect(await codeOf(service.link(alpha, randomUUID()))).toBe(PROJECTS.REPOSITORY_NOT_FOUND.code);
      expect(await codeOf(service.unlink(stranger, repository.id))).toBe(PROJECTS.PROJECT_NOT_FOUND.code);
      expect(repositories.links.size).toBe(0);
    });

    it('unlinks a link that exists, and says so when there is none', async () => {
      const repository = await service.create(actor, GITHUB);
      await service.link(alpha, repository.id);
      await service.unlink(alpha, repository.id);
      expect((await service.get(repository.id)).projectIds).toEqual([]);
      expect(audit.at(-1)).toMatchObject({ action: 'unlink', before: { projectId: alpha, repositoryId: repository.id } });
      expect(await codeOf(service.unlink(alpha, repository.id))).toBe(PROJECTS.REPOSITORY_NOT_LINKED.code);
    });
  });

  describe('create and update', () => {
    it('checks the clone URL and the projects before writing anything', async () => {
      expect(await codeOf(service.create(actor, { ...GITHUB, cloneUrl: 'git://github.com/acme/api.git' }))).toBe(PROJECTS.UNSUPPORTED_CLONE_URL.code);
      expect(await codeOf(service.create(actor, { ...GITHUB, cloneUrl: 'file:///srv/git/api' }))).toBe(PROJECTS.UNSUPPORTED_CLONE_URL.code);
      const missing = randomUUID();
      const error = await service.create(actor, { ...GITHUB, projectIds: [alpha, missing] }).catch((reason: DomainError) => reason);
      expect(error).toMatchObject({ code: PROJECTS.PROJECT_NOT_FOUND.code, details: { ids: [missing] } });
      expect(repositories.writes).toEqual([]);
    });

    it('creates with defaults and links each project once', async () => {
      const repository = await service.create(actor, { ...GITHUB, projectIds: [bravo, alpha, bravo.toUpperCase()] });
      expect(repository).toMatchObject({ defaultBranch: 'main', visibility: 'private', externalId: null, analysisConfig: {}, createdBy: actor.id });
      expect(repository.projectIds).toEqual([alpha, bravo].sort());
      expect(repositories.writes).toEqual(['insert', `setProjects:${bravo},${alpha}`]);
      expect(await codeOf(service.create(actor, { ...GITHUB, owner: 'ACME' }))).toBe(PROJECTS.REPOSITORY_EXISTS.code);
    });

    it('updates at the expected version, replacing the links only when asked', async () => {
      const repository = await service.create(actor, { ...GITHUB, projectIds: [alpha] });
      const updated = await service.update(repository.id, 1, { description: 'the API' });
      expect(updated).toMatchObject({ description: 'the API', version: 2, projectIds: [alpha] });
      expect(await service.update(repository.id, 2, { projectIds: [bravo] })).toMatchObject({ version: 3, projectIds: [bravo] });
      expect(await codeOf(service.update(repository.id, 1, { description: 'stale' }))).toBe(COMMON.STALE_VERSION.code);
      expect(await codeOf(service.update(repository.id, 3, { cloneUrl: 'http://example.com/x.git' }))).toBe(PROJECTS.UNSUPPORTED_CLONE_URL.code);
      expect((await service.get(repository.id)).description).toBe('the API');
    });

    it('reports a concurrent edit between the read and the write as stale', async () => {
      const repository = await service.create(actor, GITHUB);
      repositories.update = async () => false;
      expect(await codeOf(service.update(repository.id, 1, { description: 'raced' }))).toBe(COMMON.STALE_VERSION.code);
    });
  });
});
