import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { Actor, DomainError, NotFoundError, Page, StaleVersionError, userIdOf } from '@switchyard/core';
import { MembersService, OrganizationService } from '../../organizations';
import {
  checkTransition,
  datesAreOrdered,
  INITIAL_STATUSES,
  isEditable,
  normalizeTags,
  Project,
  ProjectSettings,
  ProjectStatus,
  slugify,
  transitionEffects,
} from '../domain/project';
import {
  InvalidDatesError,
  InvalidTransitionError,
  LeadNotMemberError,
  LeadRequiredError,
  ProjectArchivedError,
  ProjectLimitReachedError,
  PROJECTS,
} from '../domain/projects.errors';
import { ProjectChanges, ProjectListQuery, ProjectRepository } from './project.repository';

export interface CreateProject {
  name: string;
  slug?: string;
  description?: string;
  status?: ProjectStatus;
  leadId?: string | null;
  tags?: string[];
  settings?: ProjectSettings;
  startDate?: string | null;
  targetDate?: string | null;
}

export type UpdateProject = Partial<Omit<CreateProject, 'status'>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ProjectsService {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly members: MembersService,
    private readonly organization: OrganizationService,
    private readonly audit: AuditTrail,
  ) {}

  list(query: ProjectListQuery): Promise<Page<Project>> {
    return this.projects.list(query);
  }

  /** By id, or by slug when the reference is not a UUID. */
  async get(idOrSlug: string): Promise<Project> {
    const project = UUID.test(idOrSlug) ? await this.projects.find(idOrSlug.toLowerCase()) : await this.projects.findBySlug(idOrSlug);
    if (!project) throw new NotFoundError(PROJECTS.PROJECT_NOT_FOUND, 'Project', idOrSlug);
    return project;
  }

  async create(actor: Actor, input: CreateProject): Promise<Project> {
    const status = input.status ?? 'planning';
    if (!INITIAL_STATUSES.includes(status)) {
      throw new DomainError(PROJECTS.INVALID_INITIAL_STATUS, `A project starts as ${INITIAL_STATUSES.join(' or ')}, not ${status}`, {
        rule: 'lifecycle.initial_status',
        allowed: INITIAL_STATUSES,
      });
    }
    const leadId = input.leadId ?? null;
    if (status === 'active' && !leadId) throw new LeadRequiredError();
    if (leadId) await this.assertMember(leadId);
    if (!datesAreOrdered(input.startDate ?? null, input.targetDate ?? null)) throw new InvalidDatesError();
    await this.assertBelowLimit();
    const project = await this.projects.insert({
      name: input.name.trim(),
      slug: input.slug ?? slugify(input.name),
      description: input.description ?? '',
      status,
      leadId,
      tags: normalizeTags(input.tags ?? []),
      settings: input.settings ?? {},
      startDate: input.startDate ?? null,
      targetDate: input.targetDate ?? null,
      createdBy: userIdOf(actor) ?? null,
    });
    await this.audit.record({ action: 'create', entityType: 'project', entityId: project.id, after: project });
    return project;
  }

  async update(id: string, expectedVersion: number, input: UpdateProject): Promise<Project> {
    const before = await this.get(id);
    if (!isEditable(before)) throw new ProjectArchivedError(before.id);
    if (input.leadId) await this.assertMember(input.leadId);
    // Work under way keeps a lead: clearing it would break the rule the transition checked.
    if (input.leadId === null && before.status === 'active') throw new LeadRequiredError();
    const startDate = input.startDate === undefined ? before.startDate : input.startDate;
    const targetDate = input.targetDate === undefined ? before.targetDate : input.targetDate;
    if (!datesAreOrdered(startDate, targetDate)) throw new InvalidDatesError();
    const changes: ProjectChanges = {
      name: input.name?.trim(),
      slug: input.slug,
      description: input.description,
      leadId: input.leadId,
      tags: input.tags && normalizeTags(input.tags),
      settings: input.settings,
      startDate: input.startDate,
      targetDate: input.targetDate,
    };
    const after = await this.save(before, expectedVersion, changes);
    await this.audit.record({ action: 'update', entityType: 'project', entityId: after.id, before, after });
    return after;
  }

  /** Moves the project along its lifecycle, or explains which rule forbids the move. */
  async transition(id: string, to: ProjectStatus, expectedVersion?: number): Promise<Project> {
    const before = await this.get(id);
    const verdict = checkTransition(before, to);
    if (!verdict.allowed) {
      if (verdict.rule === 'lead_required') throw new LeadRequiredError();
      throw new InvalidTransitionError(before.status, to, verdict.rule, verdict.allowedTargets);
    }
    const after = await this.save(before, expectedVersion ?? before.version, transitionEffects(to, new Date()));
    await this.audit.record({
      action: 'transition',
      entityType: 'project',
      entityId: after.id,
      before: { status: before.status },
      after: { status: after.status },
    });
    return after;
  }

  async delete(id: string): Promise<void> {
    const project = await this.get(id);
    await this.projects.delete(project.id);
    await this.audit.record({ action: 'delete', entityType: 'project', entityId: project.id, before: project });
  }

  private async save(before: Project, expectedVersion: number, changes: ProjectChanges): Promise<Project> {
    if (before.version !== expectedVersion) throw new StaleVersionError('Project', before.id, expectedVersion, before.version);
    const after = await this.projects.update(before.id, expectedVersion, changes);
    if (!after) {
      const current = await this.projects.find(before.id);
      if (!current) throw new NotFoundError(PROJECTS.PROJECT_NOT_FOUND, 'Project', before.id);
      throw new StaleVersionError('Project', before.id, expectedVersion, current.version);
    }
    return after;
  }

  private async assertMember(userId: string): Promise<void> {
    try {
      await this.members.get(userId);
    } catch (error) {
      if (error instanceof NotFoundError) throw new LeadNotMemberError(userId);
      throw error;
    }
  }

  private async assertBelowLimit(): Promise<void> {
    const { limits } = await this.organization.current();
    if (limits.maxProjects === undefined) return;
    await this.projects.lockCreation();
    if ((await this.projects.count()) >= limits.maxProjects) throw new ProjectLimitReachedError(limits.maxProjects);
  }
}
