/**
 * Projects and their lifecycle. Pure rules, no framework: the application layer asks these
 * functions before it writes anything.
 */
export const PROJECT_STATUSES = ['planning', 'active', 'on_hold', 'completed', 'archived'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Known keys of a project's settings; anything else is refused at the edge. */
export interface ProjectSettings {
  /** Prefix of task keys, e.g. `SY` for SY-123. */
  taskKeyPrefix?: string;
  estimationUnit?: 'points' | 'hours' | 'days';
  /** ISO weekdays (1 = Monday) the team works on, for due dates and roll-ups. */
  workingDays?: number[];
  defaultBranch?: string;
  /** Tasks must pass through `in_review` before `done`. */
  requireReview?: boolean;
  notifications?: { slackChannel?: string; onStatusChange?: boolean; onAnalysisFailure?: boolean };
}

export interface Project {
  id: string;
  organizationId: string;
  name: string;
  slug: string;
  description: string;
  status: ProjectStatus;
  leadId: string | null;
  tags: string[];
  settings: ProjectSettings;
  startDate: string | null;
  targetDate: string | null;
  statusChangedAt: Date;
  archivedAt: Date | null;
  createdBy: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The lifecycle graph. Forward: planning → active → on_hold ⇄ active → completed → archived.
 * Planned work may be dropped (planning → archived); completed work may be reopened; an
 * archived project may be restored to planning.
 */
export const PROJECT_TRANSITIONS: Readonly<Record<ProjectStatus, readonly ProjectStatus[]>> = {
  planning: ['active', 'archived'],
  active: ['on_hold', 'completed'],
  on_hold: ['active', 'completed', 'archived'],
  completed: ['active', 'archived'],
  archived: ['planning'],
};

/** Statuses a project may be created in: new work is planned, or already under way. */
export const INITIAL_STATUSES: readonly ProjectStatus[] = ['planning', 'active'];

export type TransitionVerdict =
  | { allowed: true }
  | { allowed: false; rule: 'same_status' | 'not_allowed' | 'lead_required'; allowedTargets: readonly ProjectStatus[] };

/** Whether a project in `from` may move to `to`, and if not, which rule forbids it. */
export function checkTransition(project: Pick<Project, 'status' | 'leadId'>, to: ProjectStatus): TransitionVerdict {
  const allowedTargets = PROJECT_TRANSITIONS[project.status];
  if (project.status === to) return { allowed: false, rule: 'same_status', allowedTargets };
  if (!allowedTargets.includes(to)) return { allowed: false, rule: 'not_allowed', allowedTargets };
  // Work under way has someone accountable for it.
  if (to === 'active' && !project.leadId) return { allowed: false, rule: 'lead_required', allowedTargets };
  return { allowed: true };
}

/** The fields a transition changes besides the status itself. */
export function transitionEffects(to: ProjectStatus, now: Date): Pick<Project, 'status' | 'statusChangedAt' | 'archivedAt'> {
  return { status: to, statusChangedAt: now, archivedAt: to === 'archived' ? now : null };
}

/** Archived projects are read-only until restored: only a transition may touch them. */
export function isEditable(project: Pick<Project, 'status'>): boolean {
  return project.status !== 'archived';
}

/** A URL-safe slug from a name: `Payments API v2` → `payments-api-v2`. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
  return slug || 'project';
}

export const PROJECT_SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const TAG_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,49}$/;

/** Tags are case-insensitive labels: trimmed, lower-cased, deduplicated, order kept. */
export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()))];
}

/** The dates make sense together (a target before the start is a typo, not a plan). */
export function datesAreOrdered(startDate: string | null, targetDate: string | null): boolean {
  return !startDate || !targetDate || targetDate >= startDate;
}
