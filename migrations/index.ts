import { PlatformFoundation1732240000000 } from './1732240000000-PlatformFoundation';
import { JobQueue1732290000000 } from './1732290000000-JobQueue';
import { ProjectsRepositories1732300000000 } from './1732300000000-ProjectsRepositories';
import { TaskManagement1733000000000 } from './1733000000000-TaskManagement';
import { TaskTreePaths1733200000000 } from './1733200000000-TaskTreePaths';
import { TenantScopedTokenIndexes1733100000000 } from './1733100000000-TenantScopedTokenIndexes';
import { ApiKeyAuthChecksSecret1733100000001 } from './1733100000001-ApiKeyAuthChecksSecret';
import { MigrationChecksums1733300000000 } from './1733300000000-MigrationChecksums';
import { RestoreEditedMigrationObjects1733300000001 } from './1733300000001-RestoreEditedMigrationObjects';
import { JobQueueNotify1733310000000 } from './1733310000000-JobQueueNotify';
import { LiveAuthorization1733400000000 } from './1733400000000-LiveAuthorization';

/** Every migration, in order. Add new ones at the end; never edit one that has landed. */
export const ALL_MIGRATIONS = [
  PlatformFoundation1732240000000, JobQueue1732290000000, ProjectsRepositories1732300000000, TaskManagement1733000000000, TenantScopedTokenIndexes1733100000000, ApiKeyAuthChecksSecret1733100000001, TaskTreePaths1733200000000,
  MigrationChecksums1733300000000,
  RestoreEditedMigrationObjects1733300000001,
  JobQueueNotify1733310000000,
  LiveAuthorization1733400000000,
];

/**
 * The checksum of each migration's file (checked in, `npm run migration:checksums`): the runner
 * records it with each applied migration and readiness refuses a database whose record differs.
 */
export { default as MIGRATION_CHECKSUMS } from './checksums.json';
