import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@switchyard/audit';
import { IntegrationAudit } from '../../application/ports';

@Injectable()
export class IntegrationAuditAdapter extends IntegrationAudit {
  constructor(private readonly audit: AuditTrail) {
    super();
  }

  record(entry: { action: string; entityType: string; entityId: string; before?: object | null; after?: object | null }): Promise<void> {
    return this.audit.record(entry);
  }
}
