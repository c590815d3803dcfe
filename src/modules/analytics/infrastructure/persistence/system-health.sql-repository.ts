import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { SystemHealth, SystemHealthReader } from '../../application/system-health';
import { SYSTEM_HEALTH } from './system-health.sql';

/** Runs in a transaction without a tenant (platform operator): the function answers figures, never tenant rows. */
@Injectable()
export class SystemHealthSqlRepository extends SystemHealthReader {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async read(): Promise<SystemHealth> {
    const [row] = await this.transaction.run({}, () =>
      this.transaction.query<{ health: Omit<SystemHealth, 'webhooks'>; webhooks: SystemHealth['webhooks'] }>(SYSTEM_HEALTH),
    );
    return { ...row.health, webhooks: row.webhooks };
  }
}
