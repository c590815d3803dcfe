import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { EventLog } from '@switchyard/events';
import { Activity, ActivityAudit, ActivityEvent } from '../../application/activity';

/** The audit trail and the event log of libs/audit and libs/events, in the caller's transaction. */
@Injectable()
export class ActivityAdapter extends Activity {
  constructor(
    private readonly trail: AuditTrail,
    private readonly events: EventLog,
  ) {
    super();
  }

  audit(entry: ActivityAudit): Promise<void> {
    return this.trail.record(entry);
  }

  publish(event: ActivityEvent): Promise<void> {
    return this.events.publish({ ...event, source: 'analytics' });
  }
}
