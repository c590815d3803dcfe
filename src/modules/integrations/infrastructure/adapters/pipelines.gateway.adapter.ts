import { Injectable } from '@nestjs/common';
import { PipelinesGateway } from '../../application/pipelines.gateway';
import { ProcessResult } from '../../application/delivery-processor';
import { Integration } from '../../domain/integration';

/** Until the pipelines module's front door is merged, workflow events are recorded and left unmapped. */
@Injectable()
export class PipelinesGatewayAdapter extends PipelinesGateway {
  async mirror(_integration: Integration, event: 'workflow_run' | 'workflow_job', body: Record<string, any>): Promise<ProcessResult> {
    return { status: 'ignored', outcome: { reason: `${event} mirroring needs the pipelines module`, action: body.action } };
  }
}
