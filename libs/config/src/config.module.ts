import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { appConfig, authConfig, cryptoConfig, databaseConfig, rateLimitConfig, schedulerConfig } from './config';

@Global()
@Module({
  imports: [
    NestConfigModule.forRoot({
      ignoreEnvFile: true,
      isGlobal: true,
      load: [appConfig, databaseConfig, authConfig, cryptoConfig, rateLimitConfig, schedulerConfig],
    }),
  ],
})
export class SwitchyardConfigModule {}
