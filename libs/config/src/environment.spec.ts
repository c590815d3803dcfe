import { randomBytes } from 'node:crypto';
import { ConfigurationError } from './env-reader';
import { loadEnvironment } from './environment';

const key = () => randomBytes(32).toString('base64');
const SECRETS = { JWT_SECRET: 'x'.repeat(40), ENCRYPTION_KEY: key() };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('loadEnvironment', () => {
  it('needs no configuration at all outside production (in-memory data dir)', () => {
    const env = loadEnvironment({ DATA_DIR: 'memory://' });
    expect(env).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'info',
      bodyLimitBytes: 1_048_576,
      hstsMaxAgeSeconds: 0,
      database: { url: undefined, poolSize: 10, dataDir: 'memory://', runMigrationsOnStart: true },
      auth: { accessTokenTtlSeconds: 900, loginMaxAttempts: 10 },
      rateLimit: { perOrganizationPerMinute: 6000, perApiKeyPerMinute: 1200 },
      scheduler: { enabled: true, purgeCron: '0 */15 * * * *' },
      crypto: { currentKeyId: 'k1' },
    });
    expect(env.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(env.crypto.keys.k1).toHaveLength(32);
  });

  it('reads every value it is given', () => {
    const env = loadEnvironment({
      ...SECRETS,
      NODE_ENV: 'test',
      PORT: '8080',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: 'postgresql://app@db:5432/switchyard',
      DATABASE_POOL_SIZE: '25',
      SCHEDULER_ENABLED: 'false',
      RATE_LIMIT_ORG_PER_MINUTE: '3',
      LOGIN_MAX_ATTEMPTS: '5',
    });
    expect(env).toMatchObject({
      nodeEnv: 'test',
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'warn',
      database: { url: 'postgresql://app@db:5432/switchyard', poolSize: 25 },
      scheduler: { enabled: false },
      rateLimit: { perOrganizationPerMinute: 3 },
      auth: { jwtSecret: SECRETS.JWT_SECRET, loginMaxAttempts: 5 },
    });
  });

  it('lists every bad value at once', () => {
    const problems = problemsOf({
      ...SECRETS,
      DATA_DIR: 'memory://',
      PORT: 'eighty',
      NODE_ENV: 'staging',
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://db/x',
      SCHEDULER_ENABLED: 'maybe',
      DATABASE_POOL_SIZE: '0',
    });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/PORT.*"eighty"/);
    expect(problems.join('\n')).toMatch(/NODE_ENV must be one of/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must be a URL/);
    expect(problems.join('\n')).toMatch(/SCHEDULER_ENABLED must be true or false/);
    expect(problems.join('\n')).toMatch(/DATABASE_POOL_SIZE must be a whole number from 1/);
  });

  it('refuses a short JWT secret and a key that is not 32 bytes', () => {
    const problems = problemsOf({ JWT_SECRET: 'short', ENCRYPTION_KEY: Buffer.alloc(16).toString('base64'), DATA_DIR: 'memory://' });
    expect(problems).toEqual([expect.stringMatching(/JWT_SECRET must be at least 32/), expect.stringMatching(/encryption key "k1" must be 32 bytes/)]);
  });

  it('refuses to start in production without its secrets and a database server', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/DATABASE_URL is required/),
        expect.stringMatching(/JWT_SECRET is required/),
        expect.stringMatching(/ENCRYPTION_KEY is required/),
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('starts in production with real secrets and a server', () => {
    const env = loadEnvironment({ ...SECRETS, NODE_ENV: 'production', DATABASE_URL: 'postgres://app@db/switchyard' });
    expect(env.nodeEnv).toBe('production');
  });

  it('reads previous encryption keys for rotation, under the key id it is given', () => {
    const previous = key();
    const env = loadEnvironment({ ...SECRETS, DATA_DIR: 'memory://', ENCRYPTION_KEY_ID: 'k2', ENCRYPTION_KEYS_PREVIOUS: `k1:${previous}` });
    expect(env.crypto.currentKeyId).toBe('k2');
    expect(Object.keys(env.crypto.keys).sort()).toEqual(['k1', 'k2']);
    expect(env.crypto.keys.k2).toEqual(Buffer.from(SECRETS.ENCRYPTION_KEY, 'base64'));
    expect(env.crypto.keys.k1).toEqual(Buffer.from(previous, 'base64'));
  });

  it('an empty ENCRYPTION_KEY_ID means the default id', () => {
    const env = loadEnvironment({ ...SECRETS, DATA_DIR: 'memory://', ENCRYPTION_KEY_ID: '' });
    expect(env.crypto.currentKeyId).toBe('k1');
    expect(env.crypto.keys.k1).toBeDefined();
  });

  it('believes no proxy unless told which', () => {
    const env = (value?: string) => loadEnvironment({ ...SECRETS, DATA_DIR: 'memory://', ...(value === undefined ? {} : { TRUST_PROXY: value }) }).trustProxy;
    expect(env()).toBe(false);
    expect(env('true')).toBe(true);
    expect(env('2')).toBe(2);
    expect(env('10.0.0.0/8, 127.0.0.1,loopback')).toEqual(['10.0.0.0/8', '127.0.0.1', 'loopback']);
    expect(problemsOf({ ...SECRETS, DATA_DIR: 'memory://', TRUST_PROXY: 'everyone' })).toEqual([expect.stringMatching(/TRUST_PROXY must be/)]);
  });

  it('refuses a malformed list of previous keys', () => {
    expect(problemsOf({ ...SECRETS, DATA_DIR: 'memory://', ENCRYPTION_KEYS_PREVIOUS: 'nokey' })).toEqual([
      expect.stringMatching(/ENCRYPTION_KEYS_PREVIOUS must look like/),
    ]);
  });
});
