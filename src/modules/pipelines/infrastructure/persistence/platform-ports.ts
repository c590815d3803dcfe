import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { TenantTransaction } from '@switchyard/database';
import { EventLog } from '@switchyard/events';
import { AuditRecord, PipelineAudit, PipelineFact, PipelineFacts, UnitOfWork } from '../../application/ports';

@Injectable()
export class AuditTrailPipelineAudit extends PipelineAudit {
  constructor(private readonly trail: AuditTrail) {
    super();
  }

  record(entry: AuditRecord): Promise<void> {
    return this.trail.record(entry);
  }
}

@Injectable()
export class TenantUnitOfWork extends UnitOfWork {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.transaction.run({}, fn);
  }
}

@Injectable()
export class EventLogPipelineFacts extends PipelineFacts {
  constructor(private readonly events: EventLog) {
    super();
  }

  publish(fact: PipelineFact): Promise<void> {
    return this.events.publish({ ...fact, source: 'pipelines' });
  }
}
