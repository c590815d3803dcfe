export * from './config';
export * from './config.module';
export { ConfigurationError, Environment, loadEnvironment } from './environment';
export { ConfigType } from '@nestjs/config';
