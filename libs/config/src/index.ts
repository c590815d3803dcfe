export * from './config';
export * from './config.module';
export { ConfigurationError, Env, EnvReader } from './env-reader';
export { Environment, loadEnvironment, platformSettings } from './environment';
export { checkSettings, declaredSettings, defineSettings, readSettings, SettingsDeclaration, SettingsFactory, SettingVariable } from './settings';
export { ConfigType } from '@nestjs/config';
