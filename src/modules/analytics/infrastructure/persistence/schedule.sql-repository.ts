import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { AnalyticsSchedule } from '../../application/analytics-schedule';
import { ACTIVE_ORGANIZATIONS, DUE_RULES } from './schedule.sql';

@Injectable()
export class ScheduleSqlRepository extends AnalyticsSchedule {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async dueRules(slot: number): Promise<Map<string, string[]>> {
    const rows = await this.transaction.query<{ organization_id: string; rule_id: string }>(DUE_RULES, [slot]);
    const byOrganization = new Map<string, string[]>();
    for (const row of rows) byOrganization.set(row.organization_id, [...(byOrganization.get(row.organization_id) ?? []), row.rule_id]);
    return byOrganization;
  }

  async activeOrganizations(since: Date): Promise<string[]> {
    const rows = await this.transaction.query<{ organization_id: string }>(ACTIVE_ORGANIZATIONS, [since]);
    return rows.map((row) => row.organization_id);
  }
}
