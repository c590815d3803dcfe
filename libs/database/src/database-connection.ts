import { Logger } from '@nestjs/common';
import { EmbeddedPostgres } from './embedded-postgres';
import { waitForDatabase } from './wait-for-database';

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
    /** Where session features (LISTEN) connect: DATABASE_LISTEN_URL, else the pool's URL. */
    readonly listenUrl: string = url,
  ) {}

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  static async open(config: {
    url?: string;
    migrationUrl?: string;
    listenUrl?: string;
    dataDir: string;
    connectRetries: number;
    connectRetryMaxDelayMs: number;
  }): Promise<DatabaseConnection> {
    if (config.url) {
      const migrationUrl = config.migrationUrl ?? config.url;
      // The first connection of the boot (migrations run as the owner, else requests' role).
      await waitForDatabase(migrationUrl, {
        attempts: config.connectRetries,
        maxDelayMs: config.connectRetryMaxDelayMs,
        log: (message) => DatabaseConnection.logger.warn(message),
      });
      return new DatabaseConnection(config.url, migrationUrl, undefined, config.listenUrl ?? config.url);
    }
    const started = Date.now();
    const embedded = await EmbeddedPostgres.start(config.dataDir.startsWith('memory://') ? undefined : config.dataDir);
    DatabaseConnection.logger.log(`Embedded PostgreSQL (PGlite) ready in ${Date.now() - started} ms, data in ${config.dataDir}`);
    return new DatabaseConnection(embedded.url, embedded.url, embedded);
  }

  async close(): Promise<void> {
    await this.embedded?.stop();
  }
}
