import { MemoryRateLimitStorage } from '@switchyard/auth';
import { AttemptsExhaustedError } from '../domain/organizations.errors';
import { RateLimitAttemptCounter } from '../infrastructure/security/rate-limit-attempt-counter';
import { AttemptBudgets } from './attempt-budgets';
import { PasswordAttempts } from './password-attempts';
import { PasswordHasher } from './password-hasher';

/** Stored "hash" = the password itself; every check is recorded and takes a turn of the event loop. */
class FakeHasher extends PasswordHasher {
  checked: string[] = [];
  hash(password: string) {
    return Promise.resolve(password);
  }
  async verify(hash: string | undefined, password: string) {
    this.checked.push(password);
    await new Promise((resolve) => setImmediate(resolve));
    return hash === password;
  }
}

describe('PasswordAttempts', () => {
  let storage: MemoryRateLimitStorage;
  let hasher: FakeHasher;
  let attempts: PasswordAttempts;
  beforeEach(() => {
    storage = new MemoryRateLimitStorage();
    hasher = new FakeHasher();
    const budgets = new AttemptBudgets(new RateLimitAttemptCounter(storage), { loginMaxAttempts: 3, loginWindowSeconds: 600 } as never, {
      passwordAttemptsPerAddress: 5,
      signupsPerAddress: 2,
      signupWindowSeconds: 60,
    });
    attempts = new PasswordAttempts(budgets, hasher);
  });

  const tryPassword = (password: string, address = '192.0.2.1', email = 'a@example.test'): Promise<unknown> =>
    attempts
      .begin(email, address)
      .then((attempt) => attempt.check('right', password))
      .catch((error: unknown) => error);

  it('of many parallel attempts, checks at most the account limit, and refuses the rest unchecked', async () => {
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, n) => tryPassword(`wrong-${n}`, `192.0.2.${n}`)));
    expect(hasher.checked).toHaveLength(3);
    expect(outcomes.filter((o) => o === false)).toHaveLength(3);
    const refused = outcomes.filter((o): o is AttemptsExhaustedError => o instanceof AttemptsExhaustedError);
    expect(refused).toHaveLength(17);
    expect(refused[0].details).toMatchObject({ scope: 'account', retryAfterSeconds: 600 });
  });

  it('a right password gives back its own attempt only', async () => {
    expect(await tryPassword('wrong-1')).toBe(false);
    expect(await tryPassword('right')).toBe(true);
    expect(await tryPassword('right')).toBe(true);
    expect((await storage.peek('a@example.test', 'password-account'))?.totalHits).toBe(1);
    expect((await storage.peek('192.0.2.1', 'password-address'))?.totalHits).toBe(1);
  });

  it('an address over its limit is refused without spending the account’s budget', async () => {
    for (let n = 0; n < 5; n += 1) expect(await tryPassword('wrong', '192.0.2.9', `user-${n}@example.test`)).toBe(false);
    const refused = await tryPassword('wrong', '192.0.2.9', 'victim@example.test');
    expect(refused).toBeInstanceOf(AttemptsExhaustedError);
    expect((refused as AttemptsExhaustedError).details).toMatchObject({ scope: 'address' });
    expect((await storage.peek('victim@example.test', 'password-account'))?.totalHits).toBe(0);
  });

  it('checks one password per attempt', async () => {
    const attempt = await attempts.begin('a@example.test', '192.0.2.1');
    await attempt.check('right', 'wrong');
    await expect(attempt.check('right', 'right')).rejects.toThrow('checks one password');
  });
});
