import { Injectable } from '@nestjs/common';
import { TenantTransaction } from '@switchyard/database';
import { Admission, BudgetKind, ProviderAccounts } from '../../application/provider-accounts';
import { CircuitPolicy, RateWindow, take } from '../../domain/rate-window';
import { HOLD_CIRCUIT, LOCK_ACCOUNT, PAUSE, RECORD_FAILURE, RECORD_SUCCESS, SET_GRANTS } from './provider-account.sql';

interface AccountRow {
  create_grants: Date[];
  read_grants: Date[];
  paused_until: Date | null;
  consecutive_failures: number;
  circuit_open_until: Date | null;
  now: Date;
}

/**
 * The provider accounts' shared budgets and circuit (SQL only: an upsert that locks the row, array
 * columns). Time is the database's, so replicas with skewed clocks agree.
 */
@Injectable()
export class ProviderAccountSqlRepository extends ProviderAccounts {
  constructor(private readonly transaction: TenantTransaction) {
    super();
  }

  async admit(accountKey: string, kind: BudgetKind, window: RateWindow, circuit: CircuitPolicy): Promise<Admission> {
    const org = this.transaction.organizationId;
    const [row] = await this.transaction.query<AccountRow>(LOCK_ACCOUNT, [org, accountKey]);
    const now = new Date(row.now).getTime();
    const paused = row.paused_until ? new Date(row.paused_until).getTime() : 0;
    if (paused > now) return { admitted: false, reason: 'paused', waitMs: paused - now };
    const open = row.circuit_open_until ? new Date(row.circuit_open_until).getTime() : 0;
    if (open > now) return { admitted: false, reason: 'circuit_open', waitMs: open - now };
    const grants = (kind === 'create' ? row.create_grants : row.read_grants).map((at) => new Date(at).getTime());
    const grant = take(grants, window, now);
    if (!grant.granted) return { admitted: false, reason: 'rate_limit', waitMs: grant.waitMs };
    await this.transaction.query(SET_GRANTS(kind), [org, accountKey, grant.grants.map((at) => new Date(at).toISOString())]);
    // Half-open: after the cooldown this request is the probe; the others wait until it has answered.
    if (row.consecutive_failures >= circuit.threshold) await this.transaction.query(HOLD_CIRCUIT, [org, accountKey, new Date(now + circuit.cooldownMs)]);
    return { admitted: true };
  }

  async recordSuccess(accountKey: string): Promise<void> {
    await this.transaction.query(RECORD_SUCCESS, [this.transaction.organizationId, accountKey]);
  }

  async recordFailure(accountKey: string, threshold: number, cooldownMs: number): Promise<{ failures: number; circuitOpen: boolean }> {
    const [row] = await this.transaction.query<{ consecutive_failures: number; open: boolean }>(RECORD_FAILURE, [
      this.transaction.organizationId,
      accountKey,
      threshold,
      cooldownMs,
    ]);
    return { failures: row.consecutive_failures, circuitOpen: row.open };
  }

  async pause(accountKey: string, untilMs: number): Promise<void> {
    await this.transaction.query(PAUSE, [this.transaction.organizationId, accountKey, new Date(untilMs)]);
  }
}
