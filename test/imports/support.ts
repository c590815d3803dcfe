import { INestApplicationContext } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportCommand, ImportReport } from '../../src/modules/imports';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-import-'));
let n = 0;

/** Writes a file for the CLI command; a string is written as is (for not-JSON tests). */
export function writeTasksFile(content: unknown): string {
  const path = join(dir, `tasks-${++n}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

export function runImport(app: INestApplicationContext, options: { org: string; project?: string; dryRun?: boolean; file: unknown }): Promise<ImportReport> {
  return app.get(ImportCommand).run({ organization: options.org, project: options.project, dryRun: options.dryRun, file: writeTasksFile(options.file) });
}

/** A real-shaped legacy tasks.json: subtasks that name siblings (2) and other tasks' subtasks ("1.2"). */
export function legacyFile() {
  return {
    tasks: [
      {
        id: 1,
        title: 'Set up the project',
        description: 'Repository, CI and tooling',
        details: 'Use npm workspaces',
        testStrategy: 'CI runs green',
        status: 'done',
        priority: 'high',
        dependencies: [],
        subtasks: [
          { id: 1, title: 'Create the repository', status: 'done', dependencies: [] },
          { id: 2, title: 'Add CI', status: 'done', dependencies: [1] },
        ],
      },
      {
        id: 2,
        title: 'Build the API',
        description: 'REST endpoints',
        status: 'in-progress',
        priority: 'medium',
        dependencies: [1],
        subtasks: [
          { id: 1, title: 'Routes', status: 'review', dependencies: ['1.2'] },
          { id: 2, title: 'Validation', status: 'pending', dependencies: [1] },
        ],
      },
      { id: 3, title: 'Write the docs', status: 'deferred', priority: 'low', dependencies: [2, 99] },
      { id: 4, title: 'Celebrate', status: 'someday', dependencies: [3] },
      { id: 5, title: 'Ship it', status: 'blocked', dependencies: [2, 3] },
    ],
    metadata: { projectName: 'demo' },
  };
}

/** The tagged form: two tags (projects), one with a dependency cycle 1 → 2 → 3 → 1. */
export function taggedFile() {
  return {
    master: {
      tasks: [
        { id: 1, title: 'Plan', status: 'done', dependencies: [] },
        { id: 2, title: 'Do', status: 'pending', dependencies: [1], subtasks: [{ id: 1, title: 'Part', status: 'pending', dependencies: [] }] },
      ],
      metadata: { description: 'Main line', created: '2026-01-01T00:00:00Z' },
    },
    'feature/Cycle': {
      tasks: [
        { id: 1, title: 'A', status: 'pending', dependencies: [3] },
        { id: 2, title: 'B', status: 'pending', dependencies: [1] },
        { id: 3, title: 'C', status: 'pending', dependencies: [2] },
        { id: 4, title: 'D', status: 'cancelled', dependencies: [1] },
      ],
      metadata: {},
    },
  };
}

/** `count` tasks, each depending on the one before; every 10th has 2 subtasks, the second depending on its sibling. */
export function bigFile(count: number) {
  const tasks = [];
  for (let i = 1; i <= count; i++) {
    tasks.push({
      id: i,
      title: `Task ${i}`,
      description: `Generated task ${i}`,
      status: i % 3 === 0 ? 'done' : 'pending',
      priority: 'medium',
      dependencies: i > 1 ? [i - 1] : [],
      ...(i % 10 === 0
        ? {
            subtasks: [
              { id: 1, title: `Task ${i}.1`, status: 'pending', dependencies: [] },
              { id: 2, title: `Task ${i}.2`, status: 'pending', dependencies: [1] },
            ],
          }
        : {}),
    });
  }
  return { tasks };
}
