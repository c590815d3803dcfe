import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { authConfig, ConfigType, redisConfig } from '@switchyard/config';
import { AccessGuard } from './access.guard';
import { AccessTokenIssuer, jwtKey } from './access-token';
import { ApiKeyStrategy } from './api-key.strategy';
import { JwtStrategy } from './jwt.strategy';
import { MemoryRateLimitStorage, RateLimitStorage, RedisRateLimitStorage } from './rate-limit';

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
    {
      // Redis when configured, so every replica counts against the same limits.
      provide: RateLimitStorage,
      inject: [redisConfig.KEY],
      useFactory: (redis: ConfigType<typeof redisConfig>) =>
        redis.url ? new RedisRateLimitStorage(redis.url, redis.keyPrefix).connected() : new MemoryRateLimitStorage(),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccessTokenIssuer, RateLimitStorage],
})
export class AuthModule {}
