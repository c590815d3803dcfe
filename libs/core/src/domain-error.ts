import { COMMON } from './common.errors';
import type { DomainErrorKind, ErrorCode } from './error-catalogue';

export type { DomainErrorKind } from './error-catalogue';

export interface FieldError {
  field: string;
  message: string;
}

/** Base of every error that is a fact of the domain: a catalogued code (with its kind) and a human message. */
export class DomainError extends Error {
  /**
   * When true, the request's transaction commits what it wrote before the error is answered
   * (e.g. revoking a refresh-token family on reuse must outlive the 401 it causes).
   */
  readonly commitChanges: boolean = false;
  readonly kind: DomainErrorKind;
  /** Stable, documented code from a catalogue, e.g. `TASKS.DEPENDENCY_CYCLE`. */
  readonly code: string;

  constructor(
    error: ErrorCode,
    message: string,
    /** Extra members of the problem document (e.g. the cycle path, the conflicting field). */
    readonly details?: Record<string, unknown>,
    readonly fieldErrors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
    this.kind = error.kind;
    this.code = error.code;
  }
}

export class NotFoundError extends DomainError {
  /** `error` is the module's own `<ENTITY>_NOT_FOUND` code; `entity` names the record in the message. */
  constructor(error: ErrorCode, entity: string, id?: string) {
    super(error, id ? `${entity} ${id} was not found` : `${entity} was not found`, { entity, ...(id ? { id } : {}) });
  }
}

export class StaleVersionError extends DomainError {
  constructor(entity: string, id: string, expected: number, actual?: number) {
    super(
      COMMON.STALE_VERSION,
      `${entity} ${id} was changed by someone else (your version ${expected}${actual ? `, current ${actual}` : ''}); reload and retry`,
      {
        entity,
        id,
        expectedVersion: expected,
        ...(actual ? { currentVersion: actual } : {}),
      },
    );
  }
}

export class ValidationFailedError extends DomainError {
  constructor(fieldErrors: FieldError[], message = 'The request is not valid') {
    super(COMMON.VALIDATION_FAILED, message, undefined, fieldErrors);
  }
}
