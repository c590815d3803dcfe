import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { authConfig, ConfigType, redisConfig } from '@switchyard/config';
import { AccessGuard } from './access.guard';
import { AccessInterceptor } from './access.interceptor';
import { AccessTokenIssuer, jwtKey } from './access-token';
import { ApiKeyStrategy } from './api-key.strategy';
import { JwtStrategy } from './jwt.strategy';
import { PlatformOperatorGuard } from './platform-operator';
import { MemoryRateLimitStorage, RateLimitStorage, RedisRateLimitStorage } from './rate-limit';
import { RateLimits } from './rate-limits';

/**
 * The request pipeline: the global guard (credential checked without the database, the route's
 * role recorded) and the global interceptor (the request's transaction, whose first statement
 * decides the caller's live role). See docs/architecture.md, "One way into the database".
 */
@Global()
@Module({
  imports: [
    PassportModule.register({ session: false }),
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: ConfigType<typeof authConfig>) => ({ secret: jwtKey(config.jwtSecret) }),
    }),
  ],
  providers: [
    JwtStrategy,
    ApiKeyStrategy,
    AccessTokenIssuer,
    RateLimits,
    PlatformOperatorGuard,
    {
      // Redis when configured, so every replica counts against the same limits.
      provide: RateLimitStorage,
      inject: [redisConfig.KEY],
      useFactory: (redis: ConfigType<typeof redisConfig>) =>
        redis.url ? new RedisRateLimitStorage(redis.url, redis.keyPrefix).connected() : new MemoryRateLimitStorage(),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: AccessInterceptor },
  ],
  exports: [AccessTokenIssuer, RateLimitStorage, PlatformOperatorGuard],
})
export class AuthModule {}
