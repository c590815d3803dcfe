import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { analysisConfig, appConfig, authConfig, cryptoConfig, databaseConfig, jobsConfig, rateLimitConfig, redisConfig, schedulerConfig } from './config';

@Global()
@Module({
  imports: [
    NestConfigModule.forRoot({
      ignoreEnvFile: true,
      isGlobal: true,
      load: [appConfig, databaseConfig, authConfig, cryptoConfig, rateLimitConfig, redisConfig, schedulerConfig, jobsConfig, analysisConfig],
    }),
  ],
})
export class SwitchyardConfigModule {}
