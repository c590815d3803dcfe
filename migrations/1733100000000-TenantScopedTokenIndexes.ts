import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every unique constraint of a tenant table includes organization_id (SPEC.md §4: it keeps a
 * distributed PostgreSQL such as Citus possible). The token hashes of invitations and refresh
 * tokens were unique on their own; they become unique per organization, and a plain index keeps
 * the lookup by hash (before the tenant is known) fast. The tokens are 256-bit random values, so
 * the wider constraint loses nothing.
 */
export class TenantScopedTokenIndexes1733100000000 implements MigrationInterface {
  name = 'TenantScopedTokenIndexes1733100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['invitations', 'refresh_tokens']) {
      await q.query(`
        ALTER TABLE ${table} DROP CONSTRAINT ${table}_token_hash_key;
        ALTER TABLE ${table} ADD CONSTRAINT ${table}_organization_token_hash_key UNIQUE (organization_id, token_hash);
        CREATE INDEX ${table}_token_hash_idx ON ${table} (token_hash);
      `);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['invitations', 'refresh_tokens']) {
      await q.query(`
        DROP INDEX ${table}_token_hash_idx;
        ALTER TABLE ${table} DROP CONSTRAINT ${table}_organization_token_hash_key;
        ALTER TABLE ${table} ADD CONSTRAINT ${table}_token_hash_key UNIQUE (token_hash);
      `);
    }
  }
}
