/**
 * What kind of failure a domain error is. The HTTP layer maps each kind to a status once
 * (libs/http problem filter); domain code never speaks HTTP.
 */
export type DomainErrorKind =
  | 'invalid' // the request itself is malformed → 400
  | 'unauthenticated' // no or bad credentials → 401
  | 'forbidden' // authenticated but not allowed → 403
  | 'not_found' // absent, or another tenant's → 404
  | 'conflict' // state conflict: duplicates, stale versions, illegal moves → 409
  | 'unprocessable' // well-formed but breaks a business rule → 422
  | 'too_large' // → 413
  | 'rate_limited' // → 429
  | 'unavailable'; // a dependency is down → 503

export interface FieldError {
  field: string;
  message: string;
}

/** Base of every error that is a fact of the domain: a stable code, a kind and a human message. */
export class DomainError extends Error {
  /**
   * When true, the request's transaction commits what it wrote before the error is answered
   * (e.g. revoking a refresh-token family on reuse must outlive the 401 it causes).
   */
  readonly commitChanges: boolean = false;

  constructor(
    readonly kind: DomainErrorKind,
    /** Stable, documented code, e.g. `TASKS.DEPENDENCY_CYCLE`. */
    readonly code: string,
    message: string,
    /** Extra members of the problem document (e.g. the cycle path, the conflicting field). */
    readonly details?: Record<string, unknown>,
    readonly fieldErrors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id?: string) {
    super('not_found', `${entity.toUpperCase()}.NOT_FOUND`, id ? `${entity} ${id} was not found` : `${entity} was not found`, {
      entity,
      ...(id ? { id } : {}),
    });
  }
}

export class StaleVersionError extends DomainError {
  constructor(entity: string, id: string, expected: number, actual?: number) {
    super('conflict', 'COMMON.STALE_VERSION', `${entity} ${id} was changed by someone else (your version ${expected}${actual ? `, current ${actual}` : ''}); reload and retry`, {
      entity,
      id,
      expectedVersion: expected,
      ...(actual ? { currentVersion: actual } : {}),
    });
  }
}

export class ValidationFailedError extends DomainError {
  constructor(fieldErrors: FieldError[], message = 'The request is not valid') {
    super('invalid', 'COMMON.VALIDATION_FAILED', message, undefined, fieldErrors);
  }
}
