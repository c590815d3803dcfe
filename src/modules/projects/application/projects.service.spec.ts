import { AuditEntry, AuditTrail } from '@switchyard/audit';
import { Actor, COMMON, DomainError, NotFoundError, Page } from '@switchyard/core';
import { randomUUID } from 'node:crypto';
import { MembersService, OrganizationService } from '../../organizations';
import { ORGANIZATIONS } from '../../organizations/domain/organizations.errors';
import { Project } from '../domain/project';
import { PROJECTS, SlugTakenError } from '../domain/projects.errors';
import { NewProject, ProjectChanges, ProjectListQuery, ProjectRepository } from './project.repository';
import { ProjectsService } from './projects.service';

/** Projects of one organization in a Map, with the adapter's version check and slug uniqueness. */
class InMemoryProjectRepository extends ProjectRepository {
  readonly rows = new Map<string, Project>();
  readonly calls: string[] = [];

  async exists(id: string) {
    return this.rows.has(id);
  }
  async find(id: string) {
    const row = this.rows.get(id);
    return row && { ...row };
  }
  async findBySlug(slug: string) {
    return [...this.rows.values()].find((row) => row.slug === slug);
  }
  async existing(ids: string[]) {
    return ids.filter((id) => this.rows.has(id));
  }
  async list(query: ProjectListQuery): Promise<Page<Project>> {
    return { items: [...this.rows.values()].slice(0, query.limit), nextCursor: null };
  }
  async repositoryLinks(projectIds: string[]) {
    return new Map(projectIds.map((id) => [id, []]));
  }
  async count() {
    this.calls.push('count');
    return this.rows.size;
  }
  async lockCreation() {
    this.calls.push('lockCreation');
  }
  async insert(project: NewProject) {
    if (this.findBySlugSync(project.slug)) throw new SlugTakenError(project.slug);
    const now = new Date();
    const row: Project = {
      ...project,
      id: randomUUID(),
      organizationId: 'org',
      statusChangedAt: now,
      archivedAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    this.rows.set(row.id, row);
    return { ...row };
  }
  async update(id: string, expectedVersion: number, changes: ProjectChanges) {
    const row = this.rows.get(id);
    if (!row || row.version !== expectedVersion) return undefined;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const updated: Project = { ...row, ...defined, version: row.version + 1, updatedAt: new Date() };
    this.rows.set(id, updated);
    return { ...updated };
  }
  async delete(id: string) {
    return this.rows.delete(id);
  }
  private findBySlugSync(slug: string) {
    return [...this.rows.values()].find((row) => row.slug === slug);
  }
}

const LEAD = '0b7a1c3e-1111-4111-8111-000000000001';
const actor: Actor = { type: 'user', id: LEAD, organizationId: 'org', role: 'member' };

describe('ProjectsService', () => {
  let projects: InMemoryProjectRepository;
  let members: Set<string>;
  let maxProjects: number | undefined;
  let audit: AuditEntry[];
  let service: ProjectsService;

  beforeEach(() => {
    projects = new InMemoryProjectRepository();
    members = new Set([LEAD]);
    maxProjects = undefined;
    audit = [];
    const membersService = {
      get: async (userId: string) => {
        if (!members.has(userId)) throw new NotFoundError(ORGANIZATIONS.MEMBER_NOT_FOUND, 'Member', userId);
        return { userId };
      },
    } as unknown as MembersService;
    const organization = { current: async () => ({ limits: { maxProjects } }) } as unknown as OrganizationService;
    const auditTrail = { record: async (entry: AuditEntry) => void audit.push(entry) } as unknown as AuditTrail;
    service = new ProjectsService(projects, membersService, organization, auditTrail);
  });

  /** The code of the DomainError `promise` rejects with (fails the test when it resolves). */
  const codeOf = async (promise: Promise<unknown>): Promise<string> => {
    const error = await promise.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
    return error.code;
  };

  describe('create', () => {
    it('starts planning, derives the slug, normalizes tags and records the creation', async () => {
      const project = await service.create(actor, { name: '  Payments API v2 ', tags: ['Backend', 'backend ', 'api'] });
      expect(project).toMatchObject({
        name: 'Payments API v2',
        slug: 'payments-api-v2',
        status: 'planning',
        leadId: null,
        tags: ['backend', 'api'],
        createdBy: LEAD,
      });
      expect(audit).toEqual([expect.objectContaining({ action: 'create', entityType: 'project', entityId: project.id })]);
    });

    it('starts active only with a lead who is a member', async () => {
      expect(await codeOf(service.create(actor, { name: 'Rushed', status: 'active' }))).toBe(PROJECTS.LEAD_REQUIRED.code);
      expect(await codeOf(service.create(actor, { name: 'Stranger', status: 'active', leadId: randomUUID() }))).toBe(PROJECTS.LEAD_NOT_MEMBER.code);
      await expect(service.create(actor, { name: 'Under way', status: 'active', leadId: LEAD })).resolves.toMatchObject({ status: 'active', leadId: LEAD });
      expect(projects.rows.size).toBe(1);
    });

    it('starts only as planning or active', async () => {
      for (const status of ['on_hold', 'completed', 'archived'] as const) {
        expect(await codeOf(service.create(actor, { name: status, status, leadId: LEAD }))).toBe(PROJECTS.INVALID_INITIAL_STATUS.code);
      }
      expect(projects.rows.size).toBe(0);
    });

    it('refuses a target date before the start date', async () => {
      expect(await codeOf(service.create(actor, { name: 'Late', startDate: '2025-03-01', targetDate: '2025-02-28' }))).toBe(COMMON.VALIDATION_FAILED.code);
      await expect(service.create(actor, { name: 'Same day', startDate: '2025-03-01', targetDate: '2025-03-01' })).resolves.toBeDefined();
    });

    it("counts under the creation lock against the plan's limit", async () => {
      maxProjects = 1;
      await service.create(actor, { name: 'One' });
      expect(await codeOf(service.create(actor, { name: 'Two' }))).toBe(PROJECTS.LIMIT_REACHED.code);
      expect(projects.calls).toEqual(['lockCreation', 'count', 'lockCreation', 'count']);
    });

    it('takes no lock without a limit', async () => {
      await service.create(actor, { name: 'Unlimited' });
      expect(projects.calls).toEqual([]);
    });
  });

  describe('update', () => {
    it('applies the changes at the expected version and bumps it', async () => {
      const project = await service.create(actor, { name: 'Edited' });
      const after = await service.update(project.id, 1, { description: 'now with words', leadId: LEAD });
      expect(after).toMatchObject({ description: 'now with words', leadId: LEAD, version: 2 });
      expect(await codeOf(service.update(project.id, 1, { description: 'stale' }))).toBe(COMMON.STALE_VERSION.code);
    });

    it('keeps the lead of an active project, and lets a planned one drop it', async () => {
      const active = await service.create(actor, { name: 'Active', status: 'active', leadId: LEAD });
      expect(await codeOf(service.update(active.id, 1, { leadId: null }))).toBe(PROJECTS.LEAD_REQUIRED.code);
      const planned = await service.create(actor, { name: 'Planned', leadId: LEAD });
      await expect(service.update(planned.id, 1, { leadId: null })).resolves.toMatchObject({ leadId: null });
    });

    it('checks a new lead is a member', async () => {
      const project = await service.create(actor, { name: 'Led' });
      expect(await codeOf(service.update(project.id, 1, { leadId: randomUUID() }))).toBe(PROJECTS.LEAD_NOT_MEMBER.code);
    });

    it('checks one new date against the stored other one', async () => {
      const project = await service.create(actor, { name: 'Dated', startDate: '2025-03-01' });
      expect(await codeOf(service.update(project.id, 1, { targetDate: '2025-02-01' }))).toBe(COMMON.VALIDATION_FAILED.code);
      await expect(service.update(project.id, 1, { startDate: null, targetDate: '2025-02-01' })).resolves.toMatchObject({
        startDate: null,
        targetDate: '2025-02-01',
      });
    });

    it('refuses to edit an archived project until it is restored', async () => {
      const project = await service.create(actor, { name: 'Dropped' });
      const archived = await service.transition(project.id, 'archived');
      expect(await codeOf(service.update(project.id, archived.version, { name: 'Renamed' }))).toBe(PROJECTS.ARCHIVED.code);
      const restored = await service.transition(project.id, 'planning');
      await expect(service.update(project.id, restored.version, { name: 'Renamed' })).resolves.toMatchObject({ name: 'Renamed' });
    });
  });

  describe('transition', () => {
    it('follows the lifecycle and stamps the status change and the archiving', async () => {
      const project = await service.create(actor, { name: 'Lifecycle', leadId: LEAD });
      const active = await service.transition(project.id, 'active');
      expect(active).toMatchObject({ status: 'active', archivedAt: null, version: 2 });
      expect(active.statusChangedAt.getTime()).toBeGreaterThanOrEqual(project.statusChangedAt.getTime());
      const onHold = await service.transition(project.id, 'on_hold');
      const archived = await service.transition(project.id, 'archived');
      expect(archived.archivedAt).toBeInstanceOf(Date);
      expect((await service.transition(project.id, 'planning')).archivedAt).toBeNull();
      expect(onHold.status).toBe('on_hold');
      expect(audit.filter((entry) => entry.action === 'transition').map((entry) => entry.after)).toEqual([
        { status: 'active' },
        { status: 'on_hold' },
        { status: 'archived' },
        { status: 'planning' },
      ]);
    });

    it('needs a lead to become active', async () => {
      const project = await service.create(actor, { name: 'Leaderless' });
      expect(await codeOf(service.transition(project.id, 'active'))).toBe(PROJECTS.LEAD_REQUIRED.code);
      expect((await projects.find(project.id))!.status).toBe('planning');
    });

    it('explains a forbidden move with the rule and the allowed targets', async () => {
      const project = await service.create(actor, { name: 'Planned' });
      const error = await service.transition(project.id, 'completed').catch((reason: DomainError) => reason);
      expect(error).toMatchObject({
        code: PROJECTS.INVALID_TRANSITION.code,
        details: { rule: 'lifecycle.not_allowed', from: 'planning', to: 'completed', allowed: ['active', 'archived'] },
      });
      const same = await service.transition(project.id, 'planning').catch((reason: DomainError) => reason);
      expect(same).toMatchObject({ code: PROJECTS.INVALID_TRANSITION.code, details: { rule: 'lifecycle.same_status' } });
    });

    it('reports a concurrent change as stale, and a concurrent delete as not found', async () => {
      const project = await service.create(actor, { name: 'Raced', leadId: LEAD });
      expect(await codeOf(service.transition(project.id, 'active', 7))).toBe(COMMON.STALE_VERSION.code);
      // Someone else edits between the read and the write: the adapter's version check catches it.
      const update = projects.update.bind(projects);
      projects.update = async (id, _expected, changes) => update(id, 99, changes);
      expect(await codeOf(service.transition(project.id, 'active'))).toBe(COMMON.STALE_VERSION.code);
      projects.update = async (id) => {
        projects.rows.delete(id);
        return undefined;
      };
      expect(await codeOf(service.transition(project.id, 'active'))).toBe(PROJECTS.PROJECT_NOT_FOUND.code);
    });
  });

  it('gets by id or by slug, and deletes with an audit entry', async () => {
    const project = await service.create(actor, { name: 'Found' });
    await expect(service.get(project.id.toUpperCase())).resolves.toMatchObject({ id: project.id });
    await expect(service.get('found')).resolves.toMatchObject({ id: project.id });
    await service.delete(project.id);
    expect(await codeOf(service.get(project.id))).toBe(PROJECTS.PROJECT_NOT_FOUND.code);
    expect(audit.at(-1)).toMatchObject({ action: 'delete', entityId: project.id });
  });
});
