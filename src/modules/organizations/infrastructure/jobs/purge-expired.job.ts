import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType, schedulerConfig } from '@switchyard/config';
import { TenantTransaction } from '@switchyard/database';
import { ExclusiveJobRunner } from '@switchyard/jobs';
import { PURGE_EXPIRED_SQL, PurgeCountsRow } from './purge-expired.sql';

export const PURGE_EXPIRED_JOB = 'purge-expired';

/**
 * Deletes refresh tokens, invitations and idempotency records past their retention, across
 * all organizations, through the SECURITY DEFINER function purge_expired_records.
 */
@Injectable()
export class PurgeExpiredJob implements OnModuleInit {
  constructor(
    private readonly runner: ExclusiveJobRunner,
    private readonly transaction: TenantTransaction,
    @Inject(schedulerConfig.KEY) private readonly config: ConfigType<typeof schedulerConfig>,
  ) {}

  onModuleInit(): void {
    this.runner.schedule(PURGE_EXPIRED_JOB, this.config.purgeCron, () => this.purge());
  }

  async purge(): Promise<Record<string, number>> {
    const [row] = await this.transaction.query<PurgeCountsRow>(PURGE_EXPIRED_SQL, [this.config.refreshTokenRetentionDays, this.config.invitationRetentionDays]);
    return {
      refreshTokens: Number(row.refresh_tokens),
      invitations: Number(row.invitations),
      idempotencyRecords: Number(row.idempotency_records),
    };
  }
}
