import { DomainError, errorCatalogue, FieldError } from '@switchyard/core';

/** Every code the pipelines module answers, besides the platform's COMMON ones. */
export const PIPELINES = errorCatalogue('PIPELINES', {
  PIPELINE_NOT_FOUND: { kind: 'not_found', title: 'No such pipeline in your organization' },
  VERSION_NOT_FOUND: { kind: 'not_found', title: 'The pipeline has no such version' },
  EXECUTION_NOT_FOUND: { kind: 'not_found', title: 'No such pipeline execution in your organization' },
  STEP_NOT_FOUND: { kind: 'not_found', title: 'No such step execution' },
  RUNNER_NOT_FOUND: { kind: 'not_found', title: 'No such runner in your organization' },
  PROJECT_NOT_FOUND: { kind: 'not_found', title: 'No such project in your organization' },
  REPOSITORY_NOT_FOUND: { kind: 'not_found', title: 'No such repository in your organization' },
  TASK_NOT_FOUND: { kind: 'not_found', title: 'No such task in your organization' },
  INVALID_DEFINITION: { kind: 'unprocessable', title: 'The pipeline definition is not valid' },
  INVALID_INPUTS: { kind: 'unprocessable', title: 'The inputs do not match the manual trigger' },
  NOT_TRIGGERABLE: { kind: 'unprocessable', title: 'The pipeline has no such trigger' },
  INVALID_ARTIFACT: { kind: 'unprocessable', title: 'The artifact is not acceptable' },
  NAME_TAKEN: { kind: 'conflict', title: 'The project already has a pipeline with this name' },
  STALE_VERSION: { kind: 'conflict', title: 'The pipeline was changed since you read it' },
  ARCHIVED: { kind: 'conflict', title: 'The pipeline is archived' },
  ALREADY_FINISHED: { kind: 'conflict', title: 'The execution has already finished' },
  NOTHING_TO_RERUN: { kind: 'conflict', title: 'The execution has no failed step to re-run' },
  CONCURRENCY_QUEUE_FULL: { kind: 'conflict', title: 'The concurrency group’s queue is full' },
  NOT_YOUR_STEP: { kind: 'conflict', title: 'The step is not held by this runner (lease lost, cancelled or another runner’s)' },
  LOG_OUT_OF_ORDER: { kind: 'conflict', title: 'The log chunk is not the next one expected' },
  LOG_TOO_LARGE: { kind: 'too_large', title: 'The step’s log would exceed its size cap' },
  RUNNER_UNAUTHENTICATED: { kind: 'unauthenticated', title: 'A valid runner token is required' },
});

export class PipelineNotFoundError extends DomainError {
  constructor(id: string, field?: string) {
    super(PIPELINES.PIPELINE_NOT_FOUND, `Pipeline ${id} was not found`, { entity: 'pipeline', id, ...(field ? { field } : {}) });
  }
}

export class ExecutionNotFoundError extends DomainError {
  constructor(id: string) {
    super(PIPELINES.EXECUTION_NOT_FOUND, `Pipeline execution ${id} was not found`, { entity: 'pipelineExecution', id });
  }
}

export class RunnerNotFoundError extends DomainError {
  constructor(id: string) {
    super(PIPELINES.RUNNER_NOT_FOUND, `Runner ${id} was not found`, { entity: 'pipelineRunner', id });
  }
}

/** The definition's problems, each with the path of the offending value (e.g. `steps[2].needs[0]`). */
export class InvalidDefinitionError extends DomainError {
  constructor(readonly problems: FieldError[]) {
    super(
      PIPELINES.INVALID_DEFINITION,
      `The pipeline definition is not valid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
      undefined,
      problems,
    );
  }
}

export class InvalidInputsError extends DomainError {
  constructor(problems: FieldError[]) {
    super(PIPELINES.INVALID_INPUTS, `The inputs are not valid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, undefined, problems);
  }
}

export class NotYourStepError extends DomainError {
  constructor(stepId: string) {
    super(PIPELINES.NOT_YOUR_STEP, `Step ${stepId} is not held by this runner`, { stepId });
  }
}

export class RunnerUnauthenticatedError extends DomainError {
  constructor() {
    super(PIPELINES.RUNNER_UNAUTHENTICATED, 'The runner token is missing, unknown, revoked or disabled');
  }
}
