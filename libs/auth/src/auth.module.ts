import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { authConfig, ConfigType } from '@switchyard/config';
import { AccessGuard } from './access.guard';
import { AccessTokenIssuer, jwtKey } from './access-token';
import { ApiKeyStrategy } from './api-key.strategy';
import { JwtStrategy } from './jwt.strategy';
import { InMemoryRateLimitStore, RateLimitStore } from './rate-limit.store';

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
    { provide: RateLimitStore, useClass: InMemoryRateLimitStore },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccessTokenIssuer, RateLimitStore],
})
export class AuthModule {}
