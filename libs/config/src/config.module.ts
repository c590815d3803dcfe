import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { PLATFORM_CONFIG } from './config';
import { settingsFactories } from './settings';

@Module({})
export class SwitchyardConfigModule {
  /**
   * The platform areas plus every area declared with defineSettings, all global (a lib's
   * settings, such as idempotency's, are needed in every module). Call it in AppModule's
   * decorator: by then every module, and so every settings file, has been imported.
   */
  static forRoot(): DynamicModule {
    return {
      module: SwitchyardConfigModule,
      global: true,
      imports: [NestConfigModule.forRoot({ ignoreEnvFile: true, isGlobal: true, load: [...PLATFORM_CONFIG, ...settingsFactories()] })],
    };
  }
}
