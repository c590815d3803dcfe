import { registerAs } from '@nestjs/config';
import { Environment, loadEnvironment } from './environment';

let cached: Environment | undefined;

/** The platform's parsed environment, read once per process (tests may reset it). */
export function environment(): Environment {
  return (cached ??= loadEnvironment());
}

export function resetEnvironment(): void {
  cached = undefined;
}

// The platform areas, one registerAs each: inject with
// @Inject(databaseConfig.KEY) cfg: ConfigType<typeof databaseConfig>. A module's own settings are
// declared beside the module with defineSettings (settings.ts), not here.
export const appConfig = registerAs('app', () => {
  const { nodeEnv, port, host, logLevel, bodyLimitBytes, trustProxy } = environment();
  return { nodeEnv, port, host, logLevel, bodyLimitBytes, trustProxy };
});
export const databaseConfig = registerAs('database', () => environment().database);
export const authConfig = registerAs('auth', () => environment().auth);
export const cryptoConfig = registerAs('crypto', () => environment().crypto);
export const redisConfig = registerAs('redis', () => environment().redis);
export const rateLimitConfig = registerAs('rateLimit', () => environment().rateLimit);
export const schedulerConfig = registerAs('scheduler', () => environment().scheduler);
export const jobsConfig = registerAs('jobs', () => environment().jobs);

export const PLATFORM_CONFIG = [appConfig, databaseConfig, authConfig, cryptoConfig, rateLimitConfig, redisConfig, schedulerConfig, jobsConfig];
