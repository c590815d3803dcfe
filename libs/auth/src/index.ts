export * from './access.guard';
export * from './access-token';
export * from './auth.errors';
export * from './auth.module';
export * from './decorators';
export * from './rate-limit';
export * from './secret-token';
