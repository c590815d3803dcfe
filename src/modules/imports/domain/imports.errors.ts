import { DomainError, errorCatalogue } from '@switchyard/core';

/**
 * The imports module's codes: errors that refuse a whole import, and the reasons a report gives
 * for what it skipped (entries of `skipped`, never thrown).
 */
export const IMPORTS = errorCatalogue('IMPORTS', {
  INVALID_FILE: { kind: 'unprocessable', title: 'The file is not a tasks.json document' },
  FILE_TOO_LARGE: { kind: 'too_large', title: 'The file is larger than the import limit' },
  TOO_MANY_TASKS: { kind: 'too_large', title: 'The file has more tasks than the import limit' },
  PROJECT_REQUIRED: { kind: 'unprocessable', title: 'A file without tags needs a project to import into' },
  TAG_NOT_FOUND: { kind: 'unprocessable', title: 'The file has no tag for the project asked for' },
  IMPORT_NOT_FOUND: { kind: 'not_found', title: 'No such import in your organization' },
  ORGANIZATION_NOT_FOUND: { kind: 'not_found', title: 'No organization has this slug' },
  // Reasons in a report's `skipped` list:
  INVALID_TASK: { kind: 'unprocessable', title: 'The task lacks a numeric id or a title, or a field has the wrong type or size' },
  DUPLICATE_ID: { kind: 'unprocessable', title: 'Another task of the file has the same id' },
  INVALID_STATUS: { kind: 'unprocessable', title: 'The task status is not one a tasks.json may have' },
  INVALID_PRIORITY: { kind: 'unprocessable', title: 'The task priority is not one a tasks.json may have' },
  PARENT_SKIPPED: { kind: 'unprocessable', title: 'The parent task was skipped, so its subtasks are too' },
  UNKNOWN_DEPENDENCY: { kind: 'unprocessable', title: 'The dependency names no task of the file' },
  DEPENDENCY_SKIPPED: { kind: 'unprocessable', title: 'The dependency names a task that was skipped' },
  DEPENDENCY_CYCLE: { kind: 'unprocessable', title: 'The dependency is on a cycle of dependencies' },
});

export class InvalidFileError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(IMPORTS.INVALID_FILE, message, details);
  }
}

export class FileTooLargeError extends DomainError {
  constructor(bytes: number, limit: number) {
    super(IMPORTS.FILE_TOO_LARGE, `The file has ${bytes} bytes; imports take at most ${limit} (IMPORT_MAX_BYTES)`, { bytes, limit });
  }
}

export class TooManyTasksError extends DomainError {
  constructor(count: number, limit: number) {
    super(IMPORTS.TOO_MANY_TASKS, `The file has ${count} tasks and subtasks; imports take at most ${limit} (IMPORT_MAX_TASKS)`, { count, limit });
  }
}

export class ImportNotFoundError extends DomainError {
  constructor(id: string) {
    super(IMPORTS.IMPORT_NOT_FOUND, `Import ${id} was not found`, { entity: 'import', id });
  }
}
