import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigurationError, Env, EnvReader } from './env-reader';
import { declareSettings, readerFor, SettingsDeclaration } from './settings';

/**
 * The platform's configuration (the areas every module relies on), parsed once at boot.
 * A module's own settings live beside the module (`defineSettings`), not here.
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
  /** Strict-Transport-Security max-age in seconds; 0 (the default) sends no HSTS header. */
  hstsMaxAgeSeconds: number;
  database: {
    /** Undefined means: run the embedded PostgreSQL (PGlite) under dataDir. */
    url?: string;
    migrationUrl?: string;
    /** Where the job queue LISTENs (a direct connection when DATABASE_URL goes through PgBouncer in transaction mode). */
    listenUrl?: string;
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
    /** How often idle workers look while LISTEN is live (a safety net: every job that becomes queued is announced). */
    listeningPollIntervalMs: number;
    /** LISTEN for enqueues of other processes (off behind a pooler that cannot LISTEN, e.g. PgBouncer transaction mode). */
    listen: boolean;
    shutdownGraceMs: number;
    reapCron: string;
  };
  scheduler: {
    enabled: boolean;
    purgeCron: string;
    partitionMaintenanceCron: string;
    refreshTokenRetentionDays: number;
    invitationRetentionDays: number;
  };
}

/**
 * Every variable the platform reads. README.md's Configuration table must list exactly the union
 * of all declarations' variables with these defaults (test/config/configuration-docs.spec.ts).
 */
export const platformSettings: SettingsDeclaration<Environment> = declareSettings({
  area: 'platform',
  variables: {
    NODE_ENV: { default: 'development', meaning: 'development, test or production (production refuses to start without its secrets and a database server)' },
    PORT: { default: '3000', meaning: 'HTTP port' },
    HOST: { default: '0.0.0.0', meaning: 'interface to bind' },
    LOG_LEVEL: { default: 'info', meaning: 'pino log level' },
    HSTS_MAX_AGE_SECONDS: { default: '0', meaning: 'Strict-Transport-Security max-age; 0 sends no HSTS header' },
    BODY_LIMIT_BYTES: { default: '1048576', meaning: 'larger request bodies get 413' },
    TRUST_PROXY: { default: 'false', meaning: 'whose X-Forwarded-For gives the client address' },
    DATABASE_URL: { default: '—', meaning: 'PostgreSQL URL; unset: the embedded database under DATA_DIR' },
    MIGRATION_DATABASE_URL: { default: 'DATABASE_URL', meaning: 'URL of the role that owns the schema and runs migrations' },
    DATABASE_LISTEN_URL: {
      default: 'DATABASE_URL',
      meaning: 'direct PostgreSQL URL for the job queue’s LISTEN connection, when DATABASE_URL goes through a transaction pooler (PgBouncer)',
    },
    DATABASE_POOL_SIZE: { default: '10', meaning: 'connections in the pool' },
    DATABASE_STATEMENT_TIMEOUT_MS: { default: '15000', meaning: 'per-transaction statement timeout' },
    RUN_MIGRATIONS_ON_START: { default: 'true', meaning: 'apply pending migrations at boot' },
    DATA_DIR: { default: './.data', meaning: 'embedded database folder and development secrets; memory:// keeps it in memory' },
    JWT_SECRET: { default: 'generated in development', meaning: 'HMAC key for access tokens, at least 32 characters' },
    JWT_ACCESS_TTL_SECONDS: { default: '900', meaning: 'access-token lifetime' },
    REFRESH_TOKEN_TTL_SECONDS: { default: '2592000', meaning: 'refresh-token lifetime' },
    INVITATION_TTL_HOURS: { default: '168', meaning: 'invitation validity' },
    LOGIN_MAX_ATTEMPTS: { default: '10', meaning: 'wrong passwords allowed per account (email) per window, login and invitation acceptance together' },
    LOGIN_WINDOW_SECONDS: { default: '900', meaning: 'the window of LOGIN_MAX_ATTEMPTS' },
    ENCRYPTION_KEY: { default: 'generated in development', meaning: 'AES-256-GCM key for secrets at rest (32 bytes, base64)' },
    ENCRYPTION_KEY_ID: { default: 'k1', meaning: 'id of ENCRYPTION_KEY, stored with every sealed value' },
    ENCRYPTION_KEYS_PREVIOUS: { default: '—', meaning: 'id:base64key,... older keys still accepted for decryption' },
    RATE_LIMIT_ORG_PER_MINUTE: { default: '6000', meaning: 'requests per organization per minute' },
    RATE_LIMIT_API_KEY_PER_MINUTE: { default: '1200', meaning: 'requests per API key per minute' },
    REDIS_URL: { default: '—', meaning: 'Redis for counters shared by every replica (rate limits, login throttling); unset: in memory' },
    REDIS_KEY_PREFIX: { default: 'switchyard:', meaning: "prefix of the counters' keys" },
    DATABASE_CONNECT_RETRIES: { default: '10', meaning: 'attempts at the first database connection at boot' },
    DATABASE_CONNECT_RETRY_MAX_DELAY_MS: { default: '5000', meaning: 'longest wait between those attempts' },
    JOB_WORKERS_ENABLED: { default: 'true', meaning: 'run queue workers in this process' },
    JOB_POLL_INTERVAL_MS: {
      default: '1000',
      meaning: 'how often idle workers look for due jobs without LISTEN (embedded database, JOB_LISTEN=false, connection lost)',
    },
    JOB_LISTENING_POLL_INTERVAL_MS: {
      default: '30000',
      meaning: 'while LISTEN is live, the longest an idle worker sleeps (it wakes for every job that becomes queued and when a delayed one is due)',
    },
    JOB_LISTEN: {
      default: 'true',
      meaning: 'wake workers with LISTEN/NOTIFY on PostgreSQL (off behind a pooler that cannot LISTEN); polling still finds every job',
    },
    JOB_SHUTDOWN_GRACE_MS: { default: '10000', meaning: 'on SIGTERM, how long running jobs may finish' },
    JOB_REAP_CRON: { default: '*/30 * * * * *', meaning: 'when jobs of dead workers are handed back to the queue' },
    SCHEDULER_ENABLED: { default: 'true', meaning: 'run scheduled maintenance in this process' },
    PURGE_CRON: { default: '0 */15 * * * *', meaning: 'when expired tokens, invitations and idempotency records are purged' },
    PARTITION_MAINTENANCE_CRON: {
      default: '0 7 * * * *',
      meaning: 'when time-partitioned tables get their partitions ahead and lose rows and partitions past retention',
    },
    REFRESH_TOKEN_RETENTION_DAYS: { default: '7', meaning: 'how long expired refresh tokens are kept before the purge' },
    INVITATION_RETENTION_DAYS: { default: '30', meaning: 'how long expired invitations are kept before the purge' },
  },
  parse: parsePlatform,
});

/** Parses and checks the platform's variables; throws ConfigurationError listing every bad value at once. */
export function loadEnvironment(env: Env = process.env): Environment {
  const read = readerFor(platformSettings, env, []);
  const environment = parsePlatform(read);
  if (read.problems.length > 0) throw new ConfigurationError(read.problems);
  return environment;
}

function parsePlatform(read: EnvReader): Environment {
  const problems = read.problems;

  const nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const rawDataDir = read.string('DATA_DIR', './.data')!;
  // `memory://` keeps the embedded database in memory (tests); anything else is a folder.
  const dataDir = rawDataDir.startsWith('memory://') ? rawDataDir : resolve(rawDataDir);
  const databaseUrl = read.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']);

  if (production && !databaseUrl) {
    problems.push('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)');
  }

  const givenJwtSecret = read.string('JWT_SECRET');
  const givenKey = read.string('ENCRYPTION_KEY');
  const secrets = production || (givenJwtSecret && givenKey) ? undefined : developmentSecrets(dataDir);
  const jwtSecret = givenJwtSecret ?? secrets?.jwtSecret;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  const currentKeyId = read.string('ENCRYPTION_KEY_ID', 'k1')!;
  const keys = parseEncryptionKeys(currentKeyId, givenKey ?? secrets?.encryptionKey, read.string('ENCRYPTION_KEYS_PREVIOUS'), problems);

  const environment: Environment = {
    nodeEnv,
    port: read.integer('PORT', 3000, 0, 65535),
    host: read.string('HOST', '0.0.0.0')!,
    logLevel: read.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    trustProxy: readTrustProxy(read, 'TRUST_PROXY'),
    hstsMaxAgeSeconds: read.integer('HSTS_MAX_AGE_SECONDS', 0, 0, 63_072_000),
    database: {
      url: databaseUrl,
      migrationUrl: read.optionalUrl('MIGRATION_DATABASE_URL', ['postgres:', 'postgresql:']),
      listenUrl: read.optionalUrl('DATABASE_LISTEN_URL', ['postgres:', 'postgresql:']),
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
      listeningPollIntervalMs: read.integer('JOB_LISTENING_POLL_INTERVAL_MS', 30_000, 50, 600_000),
      listen: read.boolean('JOB_LISTEN', true),
      shutdownGraceMs: read.integer('JOB_SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
      reapCron: read.string('JOB_REAP_CRON', '*/30 * * * * *')!,
    },
    scheduler: {
      enabled: read.boolean('SCHEDULER_ENABLED', true),
      purgeCron: read.string('PURGE_CRON', '0 */15 * * * *')!,
      partitionMaintenanceCron: read.string('PARTITION_MAINTENANCE_CRON', '0 7 * * * *')!,
      refreshTokenRetentionDays: read.integer('REFRESH_TOKEN_RETENTION_DAYS', 7, 0, 365),
      invitationRetentionDays: read.integer('INVITATION_RETENTION_DAYS', 30, 0, 365),
    },
  };

  if (jwtSecret === undefined) problems.push('JWT_SECRET is required when NODE_ENV=production');
  if (Object.keys(keys).length > 0 && !keys[currentKeyId]) {
    problems.push(`ENCRYPTION_KEY_ID "${currentKeyId}" names no key given in ENCRYPTION_KEY`);
  }
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
function developmentSecrets(dataDir: string): { jwtSecret: string; encryptionKey: string } {
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

function readTrustProxy(read: EnvReader, name: string): boolean | number | string[] {
  const raw = read.string(name);
  if (raw === undefined || ['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes'].includes(raw.toLowerCase())) return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const addresses = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (
    addresses.length > 0 &&
    addresses.every((address) => /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/.test(address) || ['loopback', 'linklocal', 'uniquelocal'].includes(address))
  ) {
    return addresses;
  }
  read.problems.push(`${name} must be false, true, a number of proxy hops, or a comma-separated list of proxy addresses/CIDRs (got "${raw}")`);
  return false;
}
