export * from './memory-rate-limit.storage';
export * from './rate-limit.storage';
export * from './redis-rate-limit.storage';
