import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each applied migration remembers the checksum of the file it was applied from (written by the
 * migrations runner, libs/database/src/migrations-runner.ts), so readiness can refuse a database
 * migrated from a different version of a migration: landed migrations are never edited.
 */
export class MigrationChecksums1733300000000 implements MigrationInterface {
  name = 'MigrationChecksums1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE migrations ADD COLUMN IF NOT EXISTS checksum text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE migrations DROP COLUMN IF EXISTS checksum`);
  }
}
