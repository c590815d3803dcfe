import { DomainError } from '@switchyard/core';
import { ProjectStatus } from './project';

export class InvalidTransitionError extends DomainError {
  constructor(from: ProjectStatus, to: ProjectStatus, rule: 'same_status' | 'not_allowed', allowed: readonly ProjectStatus[]) {
    const why =
      rule === 'same_status'
        ? `the project is already ${from}`
        : `a ${from} project can move to ${allowed.length ? allowed.join(' or ') : 'nothing'}`;
    super('conflict', 'PROJECTS.INVALID_TRANSITION', `Cannot move the project from ${from} to ${to}: ${why}`, {
      rule: `lifecycle.${rule}`,
      from,
      to,
      allowed,
    });
  }
}

export class LeadRequiredError extends DomainError {
  constructor() {
    super('unprocessable', 'PROJECTS.LEAD_REQUIRED', 'A project needs a lead before it becomes active; set leadId first', {
      rule: 'lifecycle.lead_required',
    });
  }
}

export class ProjectArchivedError extends DomainError {
  constructor(id: string) {
    super('conflict', 'PROJECTS.ARCHIVED', `Project ${id} is archived and read-only; restore it (transition to planning) to change it`, { id });
  }
}

export class SlugTakenError extends DomainError {
  constructor(slug: string) {
    super('conflict', 'PROJECTS.SLUG_TAKEN', `A project with the slug "${slug}" already exists in this organization`, { slug }, [
      { field: 'slug', message: 'is already used by another project' },
    ]);
  }
}

export class LeadNotMemberError extends DomainError {
  constructor(leadId: string) {
    super('unprocessable', 'PROJECTS.LEAD_NOT_MEMBER', `User ${leadId} is not a member of this organization`, { leadId }, [
      { field: 'leadId', message: 'must be a member of the organization' },
    ]);
  }
}

export class ProjectLimitReachedError extends DomainError {
  constructor(limit: number) {
    super('unprocessable', 'PROJECTS.LIMIT_REACHED', `The organization's plan allows at most ${limit} projects`, { limit });
  }
}

export class InvalidDatesError extends DomainError {
  constructor() {
    super('invalid', 'COMMON.VALIDATION_FAILED', 'The request is not valid', undefined, [
      { field: 'targetDate', message: 'must not be before startDate' },
    ]);
  }
}

export class RepositoryExistsError extends DomainError {
  constructor(provider: string, owner: string, name: string) {
    super('conflict', 'REPOSITORIES.ALREADY_EXISTS', `The ${provider} repository ${owner}/${name} is already registered in this organization`, {
      provider,
      owner,
      name,
    });
  }
}

export class ExternalIdTakenError extends DomainError {
  constructor(provider: string, externalId: string) {
    super('conflict', 'REPOSITORIES.EXTERNAL_ID_TAKEN', `Another ${provider} repository already has the external id ${externalId}`, { provider, externalId }, [
      { field: 'externalId', message: 'is already used by another repository' },
    ]);
  }
}

export class UnsupportedCloneUrlError extends DomainError {
  constructor(reason: string) {
    super('invalid', 'REPOSITORIES.UNSUPPORTED_CLONE_URL', `The clone URL ${reason}`, undefined, [{ field: 'cloneUrl', message: reason }]);
  }
}

export class ProjectsNotFoundError extends DomainError {
  constructor(ids: string[]) {
    super('not_found', 'PROJECT.NOT_FOUND', `No such project in your organization: ${ids.join(', ')}`, { entity: 'Project', ids }, [
      { field: 'projectIds', message: `unknown project ${ids.join(', ')}` },
    ]);
  }
}

export class RunsNotComparableError extends DomainError {
  constructor(reason: string) {
    super('unprocessable', 'ANALYSES.NOT_COMPARABLE', `These runs cannot be compared: ${reason}`);
  }
}
