import 'reflect-metadata';
import { ConfigurationError, environment } from '@switchyard/config';
import { DatabaseConnection, runMigrations } from '@switchyard/database';

/** `npm run migration:run`: applies pending migrations (owner role) and exits. */
async function main(): Promise<void> {
  const env = environment();
  const connection = await DatabaseConnection.open(env.database);
  try {
    const { applied } = await runMigrations(connection.migrationUrl);
    process.stdout.write(applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}\n` : 'No pending migrations.\n');
  } finally {
    await connection.close();
  }
}

main().catch((error) => {
  process.stderr.write(error instanceof ConfigurationError ? `${error.message}\n` : `Migration failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
