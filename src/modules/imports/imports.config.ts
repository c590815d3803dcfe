import { defineSettings } from '@switchyard/config';

/** The imports module's limits, checked at boot with the rest. */
export const importsConfig = defineSettings({
  area: 'imports',
  variables: {
    IMPORT_MAX_BYTES: { default: '67108864', meaning: 'largest tasks.json an import takes (POST /v1/imports body and the CLI file); larger → 413' },
    IMPORT_MAX_TASKS: { default: '200000', meaning: 'most tasks and subtasks one import takes; more → 413' },
    IMPORT_STATEMENT_TIMEOUT_MS: {
      default: '300000',
      meaning: "statement timeout inside an import's one transaction (a chunk of 5,000 rows per statement), instead of DATABASE_STATEMENT_TIMEOUT_MS",
    },
  },
  parse: (read) => ({
    maxBytes: read.integer('IMPORT_MAX_BYTES', 67_108_864, 1024, 1_073_741_824),
    maxTasks: read.integer('IMPORT_MAX_TASKS', 200_000, 1, 10_000_000),
    statementTimeoutMs: read.integer('IMPORT_STATEMENT_TIMEOUT_MS', 300_000, 1_000, 3_600_000),
  }),
});
