export * from './api-errors';
export * from './async-resource-bind';
export * from './idempotency.interceptor';
export * from './pagination';
export * from './problem';
export * from './problem.filter';
export * from './validation';
export * from './json.validators';
