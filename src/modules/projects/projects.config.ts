import { defineSettings } from '@switchyard/config';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The projects module's own settings (code analysis), checked at boot with the rest. */
export const analysisConfig = defineSettings({
  area: 'analysis',
  variables: {
    ANALYSIS_CONCURRENCY: { default: '2', meaning: 'code-analysis runs executing at once, across all replicas' },
    ANALYSIS_WORK_DIR: { default: '$TMPDIR/switchyard-analysis', meaning: 'where trees are checked out (one folder per run, removed after)' },
    ALLOW_LOCAL_REPOSITORIES: { default: 'false', meaning: 'accept file:// clone URLs (repositories on the server’s own disk)' },
    ANALYSIS_GIT_TIMEOUT_MS: { default: '300000', meaning: 'time limit of each git command' },
    ANALYSIS_MAX_ATTEMPTS: { default: '3', meaning: 'attempts of a run with transient failures' },
    ANALYSIS_MAX_FILE_BYTES: { default: '1048576', meaning: 'larger source files are skipped' },
    ANALYSIS_MAX_FILES: { default: '100000', meaning: 'files analysed per run at most' },
    ANALYSIS_REAPER_CRON: { default: '0 * * * * *', meaning: 'when analysis-reaper runs' },
    ANALYSIS_SCHEDULER_CRON: { default: '30 * * * * *', meaning: 'when analysis-scheduler looks for repository schedules that fired' },
  },
  parse: (read) => ({
    concurrency: read.integer('ANALYSIS_CONCURRENCY', 2, 1, 64),
    workDir: resolve(read.string('ANALYSIS_WORK_DIR', join(tmpdir(), 'switchyard-analysis'))!),
    /** Accept `file://` clone URLs (local repositories on the server's disk): off unless the operator opts in. */
    allowLocalRepositories: read.boolean('ALLOW_LOCAL_REPOSITORIES', false),
    gitTimeoutMs: read.integer('ANALYSIS_GIT_TIMEOUT_MS', 300_000, 1000, 3_600_000),
    maxAttempts: read.integer('ANALYSIS_MAX_ATTEMPTS', 3, 1, 20),
    maxFileBytes: read.integer('ANALYSIS_MAX_FILE_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    maxFiles: read.integer('ANALYSIS_MAX_FILES', 100_000, 1, 10_000_000),
    reaperCron: read.string('ANALYSIS_REAPER_CRON', '0 * * * * *')!,
    schedulerCron: read.string('ANALYSIS_SCHEDULER_CRON', '30 * * * * *')!,
  }),
});
