import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigurationError, environment, resetEnvironment } from '@switchyard/config';
import { DomainError } from '@switchyard/core';
import { DatabaseConnection } from '@switchyard/database';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { formatReport, ImportCommand } from '../modules/imports';

const USAGE = 'Usage: npm run import -- --org <slug> [--project <slug>] [--dry-run] [--json] FILE';

/**
 * `npm run import -- --org <slug> [--project <slug>] [--dry-run] [--json] FILE`: imports a
 * tasks.json into an organization in one transaction (see src/modules/imports/README.md).
 * Prints the report (with --json: the whole report as JSON on stdout) and progress on stderr;
 * exits 1 on a refused file, naming the reason, with nothing written.
 */
async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (!args.values.org || args.positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // A one-shot process: no workers, no schedules, no HTTP server.
  Object.assign(process.env, { JOB_WORKERS_ENABLED: 'false', SCHEDULER_ENABLED: 'false' });
  resetEnvironment();
  environment();
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    let last = '';
    const report = await app.get(ImportCommand).run({
      organization: args.values.org,
      project: args.values.project,
      dryRun: args.values['dry-run'],
      file: args.positionals[0],
      onProgress: (p) => {
        const line = p.total ? `${p.phase} ${p.done ?? 0}/${p.total}` : `${p.phase}`;
        if (line !== last) process.stderr.write(`${line}\n`);
        last = line;
      },
    });
    process.stdout.write(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`Import refused (${error.code}): ${error.message}\nNothing was imported.\n`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
    await app.get(DatabaseConnection, { strict: false })?.close?.();
  }
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      org: { type: 'string' },
      project: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(error instanceof ConfigurationError ? `${error.message}\n` : `Import failed: ${error?.stack ?? error}\nNothing was imported.\n`);
    process.exit(1);
  },
);
