import { Injectable } from '@nestjs/common';
import { PipelineEventsService } from '../../../pipelines';
import { MirroredJob, MirroredRun, PipelinesGateway } from '../../application/pipelines.gateway';

@Injectable()
export class PipelinesGatewayAdapter extends PipelinesGateway {
  constructor(private readonly pipelines: PipelineEventsService) {
    super();
  }

  async onPush(event: { repositoryId: string; branch: string; commitSha: string; pusher?: string }): Promise<string[]> {
    return (await this.pipelines.onPush(event)).map((execution) => execution.id);
  }

  async onPullRequest(event: {
    repositoryId: string;
    number: number;
    action: string;
    baseBranch: string;
    headBranch: string;
    commitSha: string;
  }): Promise<string[]> {
    return (await this.pipelines.onPullRequest(event)).map((execution) => execution.id);
  }

  async mirrorRun(run: MirroredRun): Promise<{ executionId: string; status: string }> {
    const execution = await this.pipelines.mirrorWorkflowRun(run);
    return { executionId: execution.id, status: execution.status };
  }

  mirrorJob(job: MirroredJob): Promise<boolean> {
    return this.pipelines.mirrorWorkflowJob(job);
  }
}
