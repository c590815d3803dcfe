import { defineSettings } from '@switchyard/config';

/** The imports module's limits, checked at boot with the rest. */
export const importsConfig = defineSettings({
  area: 'imports',
  variables: {
    IMPORT_MAX_BYTES: { default: '67108864', meaning: 'largest tasks.json an import takes (POST /v1/imports body and the CLI file); larger → 413' },
    IMPORT_MAX_TASKS: { default: '200000', meaning: 'most tasks and subtasks one import takes; more → 413' },
  },
  parse: (read) => ({
    maxBytes: read.integer('IMPORT_MAX_BYTES', 67_108_864, 1024, 1_073_741_824),
    maxTasks: read.integer('IMPORT_MAX_TASKS', 200_000, 1, 10_000_000),
  }),
});
