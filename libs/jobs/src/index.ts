export * from './exclusive-job-runner';
export * from './jobs.module';
export * from './job-queue';
export * from './partition-maintenance.job';
