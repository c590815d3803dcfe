// The public face of Imports: what other modules (and the CLI) may import.
export { ImportsModule } from './imports.module';
export { ImportExecution } from './infrastructure/jobs/import.job';
export { IMPORTS } from './domain/imports.errors';
export { parseJsonText } from './domain/tasks-file';
export type { ImportReport, SkippedEntry } from './domain/import';
export { importsConfig } from './imports.config';
export { ImportCommand, formatReport } from './infrastructure/cli/import.command';
export type { ImportCommandOptions } from './infrastructure/cli/import.command';
