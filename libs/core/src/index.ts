export * from './actor';
export * from './auth.errors';
export * from './common.errors';
export * from './domain-error';
export * from './error-catalogue';
export * from './page';
export * from './roles';
