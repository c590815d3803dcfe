export * from './exclusive-job-runner';
export * from './jobs.module';
export * from './job-queue';
export * from './partition-maintenance.job';
export * from './audit-log-retention.job';
export * from './maintenance-metrics';
export * from './retention.config';
