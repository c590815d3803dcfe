import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The whole process configuration, parsed once from environment variables at boot.
 * Every variable is documented in README.md ("Configuration"); keep the two in step.
 */
export interface Environment {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (login throttling, logs):
   * false (none), a number of hops, or proxy addresses/CIDRs. Believing every proxy would let any
   * client pick its own address.
   */
  trustProxy: boolean | number | string[];
  database: {
    /** Undefined means: run the embedded PostgreSQL (PGlite) under dataDir. */
    url?: string;
    migrationUrl?: string;
    poolSize: number;
    dataDir: string;
    runMigrationsOnStart: boolean;
    statementTimeoutMs: number;
    /** Attempts at the first connection at boot (1 = no retry), with exponential backoff between them. */
    connectRetries: number;
    connectRetryMaxDelayMs: number;
  };
  /** Where the rate-limit counters live: Redis shared by every replica, or this process's memory. */
  redis: {
    url?: string;
    keyPrefix: string;
  };
  auth: {
    jwtSecret: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    invitationTtlHours: number;
    loginMaxAttempts: number;
    loginWindowSeconds: number;
  };
  crypto: {
    /** Key id → 32-byte key. The current key encrypts; all of them decrypt. */
    keys: Record<string, Buffer>;
    currentKeyId: string;
  };
  rateLimit: {
    perOrganizationPerMinute: number;
    perApiKeyPerMinute: number;
  };
  jobs: {
    /** Whether this process runs queue workers (an API-only replica may turn them off). */
    workersEnabled: boolean;
    pollIntervalMs: number;
    shutdownGraceMs: number;
    reapCron: string;
  };
  analysis: {
    /** Code-analysis runs executing at once, across all replicas. */
    concurrency: number;
    workDir: string;
    /** Accept `file://` clone URLs (local repositories on the server's disk): off unless the operator opts in. */
    allowLocalRepositories: boolean;
    gitTimeoutMs: number;
    maxAttempts: number;
    maxFileBytes: number;
    maxFiles: number;
    reaperCron: string;
    schedulerCron: string;
  };
  scheduler: {
    enabled: boolean;
    purgeCron: string;
    idempotencyTtlHours: number;
    refreshTokenRetentionDays: number;
    invitationRetentionDays: number;
  };
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

/** Parses and checks the environment; throws ConfigurationError listing every bad value at once. */
export function loadEnvironment(env: Env = process.env): Environment {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const rawDataDir = read.string('DATA_DIR', './.data')!;
  // `memory://` keeps the embedded database in memory (tests); anything else is a folder.
  const dataDir = rawDataDir.startsWith('memory://') ? rawDataDir : resolve(rawDataDir);
  const databaseUrl = read.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']);

  if (production && !databaseUrl) {
    problems.push('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)');
  }

  const secrets = production ? undefined : developmentSecrets(dataDir, env);
  const jwtSecret = read.string('JWT_SECRET', secrets?.jwtSecret);
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  const currentKeyId = read.string('ENCRYPTION_KEY_ID', 'k1')!;
  const keys = parseEncryptionKeys(currentKeyId, read.string('ENCRYPTION_KEY') ?? secrets?.encryptionKey, env.ENCRYPTION_KEYS_PREVIOUS, problems);

  const environment: Environment = {
    nodeEnv,
    port: read.integer('PORT', 3000, 0, 65535),
    host: read.string('HOST', '0.0.0.0')!,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    trustProxy: read.trustProxy('TRUST_PROXY'),
    database: {
      url: databaseUrl,
      migrationUrl: read.optionalUrl('MIGRATION_DATABASE_URL', ['postgres:', 'postgresql:']),
      poolSize: read.integer('DATABASE_POOL_SIZE', 10, 1, 500),
      dataDir,
      runMigrationsOnStart: read.boolean('RUN_MIGRATIONS_ON_START', true),
      statementTimeoutMs: read.integer('DATABASE_STATEMENT_TIMEOUT_MS', 15_000, 0, 3_600_000),
      connectRetries: read.integer('DATABASE_CONNECT_RETRIES', 10, 1, 1000),
      connectRetryMaxDelayMs: read.integer('DATABASE_CONNECT_RETRY_MAX_DELAY_MS', 5_000, 10, 600_000),
    },
    redis: {
      url: read.optionalUrl('REDIS_URL', ['redis:', 'rediss:']),
      keyPrefix: read.string('REDIS_KEY_PREFIX', 'switchyard:')!,
    },
    auth: {
      jwtSecret: jwtSecret ?? '',
      accessTokenTtlSeconds: read.integer('JWT_ACCESS_TTL_SECONDS', 900, 30, 86_400),
      refreshTokenTtlSeconds: read.integer('REFRESH_TOKEN_TTL_SECONDS', 30 * 86_400, 300, 365 * 86_400),
      invitationTtlHours: read.integer('INVITATION_TTL_HOURS', 7 * 24, 1, 90 * 24),
      loginMaxAttempts: read.integer('LOGIN_MAX_ATTEMPTS', 10, 1, 10_000),
      loginWindowSeconds: read.integer('LOGIN_WINDOW_SECONDS', 900, 1, 86_400),
    },
    crypto: { keys, currentKeyId },
    rateLimit: {
      perOrganizationPerMinute: read.integer('RATE_LIMIT_ORG_PER_MINUTE', 6000, 1, 10_000_000),
      perApiKeyPerMinute: read.integer('RATE_LIMIT_API_KEY_PER_MINUTE', 1200, 1, 10_000_000),
    },
    jobs: {
      workersEnabled: read.boolean('JOB_WORKERS_ENABLED', true),
      pollIntervalMs: read.integer('JOB_POLL_INTERVAL_MS', 1000, 50, 60_000),
      shutdownGraceMs: read.integer('JOB_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
      reapCron: read.string('JOB_REAP_CRON', '*/30 * * * * *')!,
    },
    analysis: {
      concurrency: read.integer('ANALYSIS_CONCURRENCY', 2, 1, 64),
      workDir: resolve(read.string('ANALYSIS_WORK_DIR', join(tmpdir(), 'switchyard-analysis'))!),
      allowLocalRepositories: read.boolean('ALLOW_LOCAL_REPOSITORIES', false),
      gitTimeoutMs: read.integer('ANALYSIS_GIT_TIMEOUT_MS', 300_000, 1000, 3_600_000),
      maxAttempts: read.integer('ANALYSIS_MAX_ATTEMPTS', 3, 1, 20),
      maxFileBytes: read.integer('ANALYSIS_MAX_FILE_BYTES', 1_048_576, 1024, 100 * 1_048_576),
      maxFiles: read.integer('ANALYSIS_MAX_FILES', 100_000, 1, 10_000_000),
      reaperCron: read.string('ANALYSIS_REAPER_CRON', '0 * * * * *')!,
      schedulerCron: read.string('ANALYSIS_SCHEDULER_CRON', '30 * * * * *')!,
    },
    scheduler: {
      enabled: read.boolean('SCHEDULER_ENABLED', true),
      purgeCron: read.string('PURGE_CRON', '0 */15 * * * *')!,
      idempotencyTtlHours: read.integer('IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 30),
      refreshTokenRetentionDays: read.integer('REFRESH_TOKEN_RETENTION_DAYS', 7, 0, 365),
      invitationRetentionDays: read.integer('INVITATION_RETENTION_DAYS', 30, 0, 365),
    },
  };

  if (jwtSecret === undefined) problems.push('JWT_SECRET is required when NODE_ENV=production');
  if (Object.keys(keys).length > 0 && !keys[currentKeyId]) {
    problems.push(`ENCRYPTION_KEY_ID "${currentKeyId}" names no key given in ENCRYPTION_KEY`);
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return environment;
}

function parseEncryptionKeys(currentId: string, current: string | undefined, previous: string | undefined, problems: string[]) {
  const keys: Record<string, Buffer> = {};
  if (current === undefined) {
    problems.push('ENCRYPTION_KEY is required when NODE_ENV=production (32 bytes, base64)');
    return keys;
  }
  const entries: Array<[string, string]> = [[currentId, current]];
  for (const part of (previous ?? '').split(',').filter(Boolean)) {
    const [id, value] = part.split(':');
    if (!id || !value) problems.push('ENCRYPTION_KEYS_PREVIOUS must look like "id:base64key,id:base64key"');
    else entries.push([id.trim(), value.trim()]);
  }
  for (const [id, value] of entries) {
    const key = Buffer.from(value, 'base64');
    if (key.length !== 32) problems.push(`encryption key "${id}" must be 32 bytes encoded in base64`);
    else keys[id] = key;
  }
  return keys;
}

/**
 * Outside production the service may run with no configuration at all: it generates its secrets
 * once and keeps them in DATA_DIR so tokens and encrypted values survive a restart.
 */
function developmentSecrets(dataDir: string, env: Env): { jwtSecret: string; encryptionKey: string } | undefined {
  if (env.JWT_SECRET && env.ENCRYPTION_KEY) return undefined;
  if (dataDir.startsWith('memory://')) {
    return { jwtSecret: randomBytes(48).toString('base64url'), encryptionKey: randomBytes(32).toString('base64') };
  }
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    encryptionKey: randomBytes(32).toString('base64'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  string(name: string, fallback?: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return fallback;
  }

  trustProxy(name: string): boolean | number | string[] {
    const raw = this.string(name);
    if (raw === undefined || ['false', '0', 'no'].includes(raw.toLowerCase())) return false;
    if (['true', 'yes'].includes(raw.toLowerCase())) return true;
    if (/^\d+$/.test(raw)) return Number(raw);
    const addresses = raw.split(',').map((part) => part.trim()).filter(Boolean);
    if (addresses.length > 0 && addresses.every((address) => /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/.test(address) || ['loopback', 'linklocal', 'uniquelocal'].includes(address))) {
      return addresses;
    }
    this.problems.push(`${name} must be false, true, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs (got "${raw}")`);
    return false;
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (!protocols.includes(url.protocol)) throw new Error('protocol');
      return raw;
    } catch {
      this.problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
  }
}
