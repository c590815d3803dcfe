import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { JobQueue } from '@switchyard/jobs';
import { DELIVERY_QUEUE, DeliveryJob, OUTBOUND_QUEUE, OutboundJob, WorkQueue } from '../../application/ports';
import { integrationsConfig } from '../../integrations.config';

@Injectable()
export class WorkQueueAdapter extends WorkQueue {
  constructor(
    private readonly queue: JobQueue,
    @Inject(integrationsConfig.KEY) private readonly config: ConfigType<typeof integrationsConfig>,
  ) {
    super();
  }

  enqueueDelivery(job: DeliveryJob): Promise<string> {
    return this.queue.send(DELIVERY_QUEUE, job, { maxAttempts: this.config.deliveryMaxAttempts, backoffMs: 1000, maxBackoffMs: 300_000 });
  }

  enqueueOutbound(job: OutboundJob, runAt?: Date): Promise<string> {
    return this.queue.send(OUTBOUND_QUEUE, job, { runAt, maxAttempts: 6, backoffMs: 2000, maxBackoffMs: 600_000 });
  }
}
