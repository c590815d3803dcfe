import { COMMON, DomainError, errorCatalogue } from '@switchyard/core';
import { ProjectStatus } from './project';

/** Every code the projects module answers, besides the platform's COMMON ones. */
export const PROJECTS = errorCatalogue('PROJECTS', {
  PROJECT_NOT_FOUND: { kind: 'not_found', title: 'No such project in your organization' },
  REPOSITORY_NOT_FOUND: { kind: 'not_found', title: 'No such repository in your organization' },
  BRANCH_NOT_FOUND: { kind: 'not_found', title: 'The repository has no such tracked branch' },
  ANALYSIS_RUN_NOT_FOUND: { kind: 'not_found', title: 'No such analysis run' },
  REPOSITORY_NOT_LINKED: { kind: 'not_found', title: 'The repository is not linked to the project' },
  INVALID_TRANSITION: { kind: 'conflict', title: 'The project lifecycle does not allow this move' },
  INVALID_INITIAL_STATUS: { kind: 'unprocessable', title: 'A project starts as planning or active' },
  LEAD_REQUIRED: { kind: 'unprocessable', title: 'An active project needs a lead' },
  LEAD_NOT_MEMBER: { kind: 'unprocessable', title: 'The lead must be a member of the organization' },
  ARCHIVED: { kind: 'conflict', title: 'The project is archived and read-only' },
  SLUG_TAKEN: { kind: 'conflict', title: 'The project slug is already used' },
  LIMIT_REACHED: { kind: 'unprocessable', title: "The organization's plan allows no more projects" },
  REPOSITORY_EXISTS: { kind: 'conflict', title: 'The repository is already registered' },
  EXTERNAL_ID_TAKEN: { kind: 'conflict', title: 'Another repository has this external id' },
  UNSUPPORTED_CLONE_URL: { kind: 'invalid', title: 'The clone URL is not supported' },
  RUNS_NOT_COMPARABLE: { kind: 'unprocessable', title: 'The analysis runs cannot be compared' },
});

export class InvalidTransitionError extends DomainError {
  constructor(from: ProjectStatus, to: ProjectStatus, rule: 'same_status' | 'not_allowed', allowed: readonly ProjectStatus[]) {
    const why =
      rule === 'same_status' ? `the project is already ${from}` : `a ${from} project can move to ${allowed.length ? allowed.join(' or ') : 'nothing'}`;
    super(PROJECTS.INVALID_TRANSITION, `Cannot move the project from ${from} to ${to}: ${why}`, {
      rule: `lifecycle.${rule}`,
      from,
      to,
      allowed,
    });
  }
}

export class LeadRequiredError extends DomainError {
  constructor() {
    super(PROJECTS.LEAD_REQUIRED, 'A project needs a lead before it becomes active; set leadId first', {
      rule: 'lifecycle.lead_required',
    });
  }
}

export class ProjectArchivedError extends DomainError {
  constructor(id: string) {
    super(PROJECTS.ARCHIVED, `Project ${id} is archived and read-only; restore it (transition to planning) to change it`, { id });
  }
}

export class SlugTakenError extends DomainError {
  constructor(slug: string) {
    super(PROJECTS.SLUG_TAKEN, `A project with the slug "${slug}" already exists in this organization`, { slug }, [
      { field: 'slug', message: 'is already used by another project' },
    ]);
  }
}

export class LeadNotMemberError extends DomainError {
  constructor(leadId: string) {
    super(PROJECTS.LEAD_NOT_MEMBER, `User ${leadId} is not a member of this organization`, { leadId }, [
      { field: 'leadId', message: 'must be a member of the organization' },
    ]);
  }
}

export class ProjectLimitReachedError extends DomainError {
  constructor(limit: number) {
    super(PROJECTS.LIMIT_REACHED, `The organization's plan allows at most ${limit} projects`, { limit });
  }
}

export class InvalidDatesError extends DomainError {
  constructor() {
    super(COMMON.VALIDATION_FAILED, 'The request is not valid', undefined, [{ field: 'targetDate', message: 'must not be before startDate' }]);
  }
}

export class RepositoryExistsError extends DomainError {
  constructor(provider: string, owner: string, name: string) {
    super(PROJECTS.REPOSITORY_EXISTS, `The ${provider} repository ${owner}/${name} is already registered in this organization`, {
      provider,
      owner,
      name,
    });
  }
}

export class ExternalIdTakenError extends DomainError {
  constructor(provider: string, externalId: string) {
    super(PROJECTS.EXTERNAL_ID_TAKEN, `Another ${provider} repository already has the external id ${externalId}`, { provider, externalId }, [
      { field: 'externalId', message: 'is already used by another repository' },
    ]);
  }
}

export class UnsupportedCloneUrlError extends DomainError {
  constructor(reason: string) {
    super(PROJECTS.UNSUPPORTED_CLONE_URL, `The clone URL ${reason}`, undefined, [{ field: 'cloneUrl', message: reason }]);
  }
}

/** The clone URL names an address on the operator's own network (the outbound gate's rule, docs/architecture.md rule 13). */
export class CloneUrlRefusedError extends DomainError {
  constructor(host: string) {
    super(COMMON.OUTBOUND_REFUSED, `The clone URL's host ${host} is refused by the outbound policy`, { host }, [
      {
        field: 'cloneUrl',
        message:
          'names a host on a network this server does not contact (loopback, private, link-local, metadata); the operator may allow it with OUTBOUND_ALLOWED_HOSTS',
      },
    ]);
  }
}

export class ProjectsNotFoundError extends DomainError {
  constructor(ids: string[]) {
    super(PROJECTS.PROJECT_NOT_FOUND, `No such project in your organization: ${ids.join(', ')}`, { entity: 'Project', ids }, [
      { field: 'projectIds', message: `unknown project ${ids.join(', ')}` },
    ]);
  }
}

export class RunsNotComparableError extends DomainError {
  constructor(reason: string) {
    super(PROJECTS.RUNS_NOT_COMPARABLE, `These runs cannot be compared: ${reason}`);
  }
}
