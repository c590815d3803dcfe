import { Injectable } from '@nestjs/common';
import { AttemptBudgets } from './attempt-budgets';
import { PasswordHasher } from './password-hasher';

/** One counted attempt: checks one password, once. */
export interface PasswordAttempt {
  check(passwordHash: string | undefined, password: string): Promise<boolean>;
}

/**
 * The only way to check a user's password (login, invitation acceptance, any later check): each
 * check first spends one attempt of the account's budget (LOGIN_MAX_ATTEMPTS per
 * LOGIN_WINDOW_SECONDS) and of the client address's (LOGIN_MAX_ATTEMPTS_PER_ADDRESS).
 *
 * A right password gives its own attempt back; wrong ones stay counted until the window ends
 * (a success does not reset them: a reset would let parallel guesses in flight, or an attacker
 * logging into their own account from the same address, start over). So per window at most
 * LOGIN_MAX_ATTEMPTS wrong passwords are ever checked for one account, however many arrive at once.
 */
@Injectable()
export class PasswordAttempts {
  constructor(
    private readonly budgets: AttemptBudgets,
    private readonly passwords: PasswordHasher,
  ) {}

  /** Spends the attempt now (AttemptsExhaustedError, no check, when a budget is spent); check it after the lookup. */
  async begin(email: string, clientIp: string): Promise<PasswordAttempt> {
    const budgets = this.budgets.passwordCheck(email, clientIp);
    await this.budgets.spend(budgets);
    let checked = false;
    return {
      check: async (passwordHash, password) => {
        if (checked) throw new Error('a password attempt checks one password');
        checked = true;
        const valid = await this.passwords.verify(passwordHash, password);
        if (valid) await this.budgets.refund(budgets);
        return valid;
      },
    };
  }
}
