import { Logger } from '@nestjs/common';
import { EmbeddedPostgres } from './embedded-postgres';

/**
 * Where the database is: the server named by DATABASE_URL, or an embedded PostgreSQL started
 * for this process. Resolved once at boot, before TypeORM connects.
 */
export class DatabaseConnection {
  private static readonly logger = new Logger('Database');

  private constructor(
    readonly url: string,
    readonly migrationUrl: string,
    readonly embedded?: EmbeddedPostgres,
  ) {}

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  static async open(config: { url?: string; migrationUrl?: string; dataDir: string }): Promise<DatabaseConnection> {
    if (config.url) return new DatabaseConnection(config.url, config.migrationUrl ?? config.url);
    const started = Date.now();
    const embedded = await EmbeddedPostgres.start(config.dataDir.startsWith('memory://') ? undefined : config.dataDir);
    DatabaseConnection.logger.log(`Embedded PostgreSQL (PGlite) ready in ${Date.now() - started} ms, data in ${config.dataDir}`);
    return new DatabaseConnection(embedded.url, embedded.url, embedded);
  }

  async close(): Promise<void> {
    await this.embedded?.stop();
  }
}
