/** A GitHub Actions run, as the pipelines module mirrors it. */
export interface MirroredRun {
  projectId: string;
  repositoryId: string | null;
  runId: string;
  workflowName: string;
  headBranch: string | null;
  headSha: string | null;
  status: string;
  conclusion: string | null;
  htmlUrl: string | null;
  createdAt: Date;
  startedAt: Date | null;
  updatedAt: Date | null;
}

export interface MirroredJob {
  runId: string;
  jobId: string;
  name: string;
  status: string;
  conclusion: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
}

/** The pipelines module's front door (PipelineEventsService), as the GitHub processor needs it. */
export abstract class PipelinesGateway {
  /** Starts the repository's pipelines whose push trigger matches; answers the execution ids. */
  abstract onPush(event: { repositoryId: string; branch: string; commitSha: string; pusher?: string }): Promise<string[]>;
  abstract onPullRequest(event: {
    repositoryId: string;
    number: number;
    action: string;
    baseBranch: string;
    headBranch: string;
    commitSha: string;
  }): Promise<string[]>;
  /** Answers the execution's id and status. */
  abstract mirrorRun(run: MirroredRun): Promise<{ executionId: string; status: string }>;
  /** False while the run is not known yet (its workflow_run has not arrived). */
  abstract mirrorJob(job: MirroredJob): Promise<boolean>;
}
