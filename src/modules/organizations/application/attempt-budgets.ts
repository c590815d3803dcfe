import { Inject, Injectable } from '@nestjs/common';
import { authConfig, ConfigType } from '@switchyard/config';
import { AttemptsExhaustedError } from '../domain/organizations.errors';
import { attemptLimitsConfig } from '../organizations.config';
import { AttemptCounter } from './attempt-counter';

/** One counter an attempt spends: at most `limit` attempts for `key` per fixed window. */
export interface AttemptBudget {
  /** The counter family (keeps families' keys apart). */
  counter: string;
  key: string;
  limit: number;
  windowSeconds: number;
  /** Names the budget in the 429 problem (`scope`). */
  scope: 'account' | 'address';
}

/**
 * Budgets for attempts an attacker would repeat: password checks and sign-ups. An attempt is
 * counted BEFORE the work it guards, with the storage's atomic increment, so however many run in
 * parallel (and on however many replicas, with REDIS_URL) at most `limit` get past the count.
 */
@Injectable()
export class AttemptBudgets {
  constructor(
    private readonly counters: AttemptCounter,
    @Inject(authConfig.KEY) private readonly auth: ConfigType<typeof authConfig>,
    @Inject(attemptLimitsConfig.KEY) private readonly limits: ConfigType<typeof attemptLimitsConfig>,
  ) {}

  /** What one password check spends: the account's budget (login and invitation share it) and the client address's. */
  passwordCheck(email: string, clientIp: string): AttemptBudget[] {
    const windowSeconds = this.auth.loginWindowSeconds;
    return [
      { counter: 'password-account', key: email, limit: this.auth.loginMaxAttempts, windowSeconds, scope: 'account' },
      { counter: 'password-address', key: clientIp, limit: this.limits.passwordAttemptsPerAddress, windowSeconds, scope: 'address' },
    ];
  }

  signup(clientIp: string): AttemptBudget[] {
    return [
      { counter: 'signup-address', key: clientIp, limit: this.limits.signupsPerAddress, windowSeconds: this.limits.signupWindowSeconds, scope: 'address' },
    ];
  }

  /**
   * Counts one attempt against every budget. Over any limit: AttemptsExhaustedError (429, Retry-After
   * the longest wait), after giving back the hits of the budgets not exceeded, since the refused
   * attempt does no work (an address refused for spraying does not also spend its victims' budgets).
   */
  async spend(budgets: AttemptBudget[]): Promise<void> {
    const windows = await Promise.all(budgets.map((b) => this.counters.count(b.counter, b.key, b.limit, b.windowSeconds)));
    const exceeded = budgets.filter((b, i) => windows[i].count > b.limit);
    if (exceeded.length === 0) return;
    await this.refund(budgets.filter((b) => !exceeded.includes(b)));
    const waits = budgets.map((b, i) => (exceeded.includes(b) ? windows[i].secondsLeft : 0));
    const longest = waits.indexOf(Math.max(...waits));
    throw new AttemptsExhaustedError(budgets[longest].scope, Math.max(1, waits[longest]));
  }

  /** Gives back one attempt of each budget (an attempt that turned out not to count). */
  async refund(budgets: AttemptBudget[]): Promise<void> {
    await Promise.all(budgets.map((b) => this.counters.takeBack(b.counter, b.key)));
  }
}
