import { Integration } from '../domain/integration';
import { ProcessResult } from './delivery-processor';

/** workflow_run / workflow_job → pipeline executions and steps, through the pipelines module's front door. */
export abstract class PipelinesGateway {
  abstract mirror(integration: Integration, event: 'workflow_run' | 'workflow_job', body: Record<string, any>): Promise<ProcessResult>;
}
