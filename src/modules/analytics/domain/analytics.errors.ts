import { DomainError, errorCatalogue } from '@switchyard/core';

/** Every code the analytics module answers, besides the platform's COMMON ones. */
export const ANALYTICS = errorCatalogue('ANALYTICS', {
  TOO_MANY_POINTS: { kind: 'too_large', title: 'The batch has more metric points than one request may carry' },
  INVALID_WINDOW: { kind: 'unprocessable', title: 'The time window or bucket is not valid' },
  NOT_FOUND: { kind: 'not_found', title: 'No such analytics object in your organization' },
  LINK_NOT_FOUND: { kind: 'unprocessable', title: 'A linked task or project does not exist in your organization' },
  NAME_TAKEN: { kind: 'conflict', title: 'The name is already used in your organization' },
  INVALID_RULE: { kind: 'unprocessable', title: 'The anomaly rule is not complete for its kind' },
});

export type AnalyticsObject =
  | 'article'
  | 'anomaly rule'
  | 'anomaly'
  | 'alert'
  | 'pattern'
  | 'recommendation'
  | 'optimization run'
  | 'learning model'
  | 'template'
  | 'template version'
  | 'task';

export class AnalyticsNotFoundError extends DomainError {
  constructor(what: AnalyticsObject, id: string) {
    super(ANALYTICS.NOT_FOUND, `The ${what} ${id} was not found`, { entity: what.replace(/ /g, '_'), id });
  }
}

export class NameTakenError extends DomainError {
  constructor(what: AnalyticsObject, name: string) {
    super(ANALYTICS.NAME_TAKEN, `A ${what} named "${name}" already exists`, { entity: what.replace(/ /g, '_'), name });
  }
}

export class TooManyPointsError extends DomainError {
  constructor(count: number, max: number) {
    super(ANALYTICS.TOO_MANY_POINTS, `The batch has ${count} points; at most ${max} per request`, { count, max });
  }
}

export class InvalidWindowError extends DomainError {
  constructor(message: string) {
    super(ANALYTICS.INVALID_WINDOW, message);
  }
}

export class LinkNotFoundError extends DomainError {
  constructor(kind: 'task' | 'project', ids: string[]) {
    super(ANALYTICS.LINK_NOT_FOUND, `No ${kind} ${ids.join(', ')} in your organization`, { entity: kind, ids });
  }
}

export class InvalidRuleError extends DomainError {
  constructor(message: string) {
    super(ANALYTICS.INVALID_RULE, message);
  }
}
