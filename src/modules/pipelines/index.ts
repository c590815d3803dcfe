// The public face of CI/CD Pipelines: what other modules may import.
// The integrations module calls PipelineEventsService (inside its tenant transaction) for push and
// pull-request events and to mirror GitHub Actions workflow_run / workflow_job webhooks.
export { PipelineEventsService, mirroredStatus } from './application/pipeline-events.service';
export type { PushEvent, PullRequestEvent, WorkflowRunEvent, WorkflowJobEvent } from './application/pipeline-events.service';
export { ExecutionsService } from './application/executions.service';
export type { Execution, ExecutionStatus, StepStatus, Trigger } from './domain/execution';
export { EXECUTION_STATUSES, STEP_STATUSES } from './domain/execution';
export { PipelinesModule } from './pipelines.module';
