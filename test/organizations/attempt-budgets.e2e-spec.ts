import { randomUUID } from 'node:crypto';
import { PasswordHasher } from '../../src/modules/organizations/application/password-hasher';
import { Response, Session, TestApp } from '../support/test-app';

const PASSWORD = 'correct horse battery staple';
const ACCOUNT_LIMIT = 5; // LOGIN_MAX_ATTEMPTS
const ADDRESS_LIMIT = 8; // LOGIN_MAX_ATTEMPTS_PER_ADDRESS
const SIGNUP_LIMIT = 10; // SIGNUP_MAX_PER_ADDRESS

/**
 * The attempt budgets: password checks (login, invitation acceptance) per account and per client
 * address, counted before the check; sign-ups per client address. Every test acts from its own
 * client addresses (TRUST_PROXY=true, X-Forwarded-For), so the per-address budgets never meet.
 */
describe('attempt budgets', () => {
  let t: TestApp;
  let verify: jest.SpyInstance<Promise<boolean>, [string | undefined, string]>;
  beforeAll(async () => {
    t = await TestApp.start({
      TRUST_PROXY: 'true',
      LOGIN_MAX_ATTEMPTS: String(ACCOUNT_LIMIT),
      LOGIN_MAX_ATTEMPTS_PER_ADDRESS: String(ADDRESS_LIMIT),
      LOGIN_WINDOW_SECONDS: '600',
      SIGNUP_MAX_PER_ADDRESS: String(SIGNUP_LIMIT),
      SIGNUP_WINDOW_SECONDS: '3600',
    });
    verify = jest.spyOn(t.app.get(PasswordHasher), 'verify');
  });
  beforeEach(() => verify.mockClear());
  afterAll(() => t.close());

  let lastOctet = 0;
  /** A client address of its own for each caller (TEST-NET-3). */
  const newAddress = () => `203.0.113.${(lastOctet += 1)}`;
  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

  const signup = async (address = newAddress()): Promise<Response<Session>> => {
    const unique = randomUUID().slice(0, 8);
    const body = {
      organizationName: `Org ${unique}`,
      organizationSlug: `org-${unique}`,
      email: `owner-${unique}@example.test`,
      name: 'Owner',
      password: PASSWORD,
    };
    return t.post('/v1/auth/signup', body, from(address));
  };
  const account = async (): Promise<Session> => {
    const created = await signup();
    expect(created.status).toBe(201);
    return created.body;
  };
  const login = (email: string, password: string, address: string) => t.post('/v1/auth/login', { email, password }, from(address));
  const accept = (token: string, password: string, address: string) => t.post('/v1/invitations/accept', { token, password }, from(address));
  /** An invitation for `email` to a stranger's organization: what anyone who signs up can send. */
  const invitationFor = async (email: string): Promise<string> => {
    const stranger = await account();
    const invitation = await t.post('/v1/invitations', { email, role: 'viewer' }, { token: stranger.accessToken, ...from(newAddress()) });
    expect(invitation.status).toBe(201);
    return invitation.body.token;
  };
  const statuses = (responses: Response[]) => responses.map((r) => r.status);
  const count = (responses: Response[], status: number) => responses.filter((r) => r.status === status).length;
  const expectRateLimited = (response: Response, scope: 'account' | 'address', windowSeconds: number) => {
    expect([response.status, response.body.code, response.body.scope]).toEqual([429, 'AUTH.RATE_LIMITED', scope]);
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  };
  /** How the password checks made since the last mockClear ended. */
  const checks = async () => Promise.all(verify.mock.results.map((r) => r.value as Promise<boolean>));

  it('guessing a password through an invitation is refused after LOGIN_MAX_ATTEMPTS, the right password too', async () => {
    const victim = await account();
    const token = await invitationFor(victim.user.email);
    const attacker = newAddress();

    const guesses: Response[] = [];
    for (let n = 0; n < 25; n += 1) guesses.push(await accept(token, `wrong-guess-${n}`, attacker));
    expect(statuses(guesses)).toEqual([...Array(ACCOUNT_LIMIT).fill(401), ...Array(25 - ACCOUNT_LIMIT).fill(429)]);
    expectRateLimited(guesses[24], 'account', 600);
    expect(await checks()).toEqual(Array(ACCOUNT_LIMIT).fill(false)); // refused attempts check nothing

    expectRateLimited(await accept(token, PASSWORD, attacker), 'account', 600);
    // The budget is the account's: the victim's own login elsewhere waits for the window too.
    expectRateLimited(await login(victim.user.email, PASSWORD, newAddress()), 'account', 600);
    expect(verify).toHaveBeenCalledTimes(ACCOUNT_LIMIT);
  });

  it('61 parallel logins for one email from 61 addresses check at most LOGIN_MAX_ATTEMPTS wrong passwords', async () => {
    const victim = await account();
    const attempts = Array.from({ length: 61 }, (_, n) => login(victim.user.email, n === 30 ? PASSWORD : `wrong-guess-${n}`, newAddress()));
    const responses = await Promise.all(attempts);

    const outcomes = await checks();
    expect(outcomes.filter((valid) => !valid).length).toBeLessThanOrEqual(ACCOUNT_LIMIT);
    expect(outcomes.length).toBeLessThanOrEqual(ACCOUNT_LIMIT + 1); // + the right one, which gives its attempt back
    expect(count(responses, 401)).toBe(outcomes.filter((valid) => !valid).length);
    expect(count(responses, 401)).toBeGreaterThan(0);
    expect(count(responses, 200)).toBe(outcomes.filter((valid) => valid).length);
    expect(count(responses, 429)).toBe(61 - outcomes.length);
    for (const refused of responses.filter((r) => r.status === 429)) expectRateLimited(refused, 'account', 600);
    // The wrong guesses stay counted: the right password now waits for the window.
    expectRateLimited(await login(victim.user.email, PASSWORD, newAddress()), 'account', 600);
  });

  it('login and invitation acceptance spend one budget per account', async () => {
    const user = await account();
    const token = await invitationFor(user.user.email);
    for (let n = 0; n < 3; n += 1) expect((await login(user.user.email, `wrong-guess-${n}`, newAddress())).status).toBe(401);
    for (let n = 3; n < ACCOUNT_LIMIT; n += 1) expect((await accept(token, `wrong-guess-${n}`, newAddress())).status).toBe(401);

    expectRateLimited(await login(user.user.email, PASSWORD, newAddress()), 'account', 600);
    expectRateLimited(await accept(token, PASSWORD, newAddress()), 'account', 600);
    // Accepting as a new user checks no password and spends nothing.
    const newcomer = await accept(await invitationFor(`new-${randomUUID().slice(0, 8)}@example.test`), PASSWORD, newAddress());
    expect(newcomer.status).toBe(400); // only the missing name: not 429
    expect(verify).toHaveBeenCalledTimes(ACCOUNT_LIMIT);
  });

  it('one address spraying many accounts is refused after LOGIN_MAX_ATTEMPTS_PER_ADDRESS, without spending their budgets', async () => {
    const accounts = await Promise.all(Array.from({ length: ADDRESS_LIMIT + 2 }, () => account()));
    const sprayer = newAddress();
    const sprayed: Response[] = [];
    for (const victim of accounts) sprayed.push(await login(victim.user.email, 'Summer2024!', sprayer));
    expect(statuses(sprayed)).toEqual([...Array(ADDRESS_LIMIT).fill(401), 429, 429]);
    expectRateLimited(sprayed[ADDRESS_LIMIT], 'address', 600);

    // The refused attempts were given back to the accounts: a victim still has all of its own.
    const spared = accounts[ADDRESS_LIMIT].user.email;
    for (let n = 0; n < ACCOUNT_LIMIT - 1; n += 1) expect((await login(spared, `typo-${n}`, newAddress())).status).toBe(401);
    expect((await login(spared, PASSWORD, newAddress())).status).toBe(200);
  });

  it('30 parallel sign-ups from one address: SIGNUP_MAX_PER_ADDRESS succeed, the rest get 429', async () => {
    const hash = jest.spyOn(t.app.get(PasswordHasher), 'hash');
    try {
      const address = newAddress();
      const responses = await Promise.all(Array.from({ length: 30 }, () => signup(address)));
      expect(count(responses, 201)).toBe(SIGNUP_LIMIT);
      expect(count(responses, 429)).toBe(30 - SIGNUP_LIMIT);
      for (const refused of responses.filter((r) => r.status === 429)) expectRateLimited(refused, 'address', 3600);
      expect(hash).toHaveBeenCalledTimes(SIGNUP_LIMIT); // refused before any work
      // Another address is not affected.
      expect((await signup(newAddress())).status).toBe(201);
    } finally {
      hash.mockRestore();
    }
  });
});
