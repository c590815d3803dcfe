import * as argon2 from 'argon2';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { formatApiKey } from '../../libs/auth/src/secret-token';

export type BenchRole = 'owner' | 'admin' | 'member' | 'viewer';

export interface BaseDatasetSize {
  /** Organizations bench-1 … bench-N. */
  organizations: number;
  /** Members of every organization but the first. */
  membersPerOrganization: number;
  /** Members of organization 1, the one the member listing pages through. */
  bigOrganizationMembers: number;
}

/**
 * The shared data set, deterministic so that seeding is idempotent and the runner can compute
 * ids, emails and API keys without reading them back: organization `o` (1-based), member `m`
 * of it (1-based; member 1 is the owner). Every seeded user has the same password.
 */
export class BaseDataset {
  static readonly PASSWORD = 'bench-password-1';

  constructor(readonly size: BaseDatasetSize) {}

  organizationId(o: number): string {
    return md5Uuid(`bench:org:${o}`);
  }

  userId(o: number, m: number): string {
    return md5Uuid(`bench:user:${o}:${m}`);
  }

  email(o: number, m: number): string {
    return `m${m}.o${o}@bench.switchyard.test`;
  }

  role(m: number): BenchRole {
    if (m === 1) return 'owner';
    if (m === 2) return 'admin';
    return m % 3 === 0 ? 'viewer' : 'member';
  }

  membersOf(o: number): number {
    return o === 1 ? this.size.bigOrganizationMembers : this.size.membersPerOrganization;
  }

  /** The one API key of each organization, as a client presents it. */
  apiKey(o: number): string {
    return formatApiKey(md5Uuid(`bench:key:${o}`), apiKeySecret(o));
  }
}

/** Same expression in SQL: md5(text)::uuid. */
function md5Uuid(text: string): string {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** 43 characters of the API-key alphabet; SQL: 'benchkey' || lpad(o::text, 35, '0'). */
function apiKeySecret(o: number): string {
  return `benchkey${String(o).padStart(35, '0')}`;
}

/**
 * Creates the data set with set-based SQL in one transaction (all or nothing), as the database
 * owner so RLS does not filter the inserts. Skips everything when it is already there.
 */
export async function seedBaseDataset(db: Pool, size: BaseDatasetSize, log: (line: string) => void): Promise<BaseDataset> {
  const dataset = new BaseDataset(size);
  const expectedMembers = size.bigOrganizationMembers + (size.organizations - 1) * size.membersPerOrganization;
  // Seeding is one transaction in generate_series order: if the last rows exist, all do.
  const { rows } = await db.query<{ present: boolean }>(
    `select exists (select 1 from organizations where id = md5('bench:org:' || $1)::uuid)
        and exists (select 1 from memberships where id = md5('bench:membership:' || $1 || ':' || $2)::uuid)
        and exists (select 1 from memberships where id = md5('bench:membership:1:' || $3)::uuid)
        and exists (select 1 from api_keys where id = md5('bench:key:' || $1)::uuid) as present`,
    [size.organizations, size.membersPerOrganization, size.bigOrganizationMembers],
  );
  if (rows[0].present) {
    log(`data set present: ${size.organizations} organizations, ${expectedMembers} members, ${size.organizations} API keys`);
    await seedSessions(db);
    return dataset;
  }

  const started = Date.now();
  // One argon2id hash shared by every seeded user: hashing 100k passwords would take hours.
  const passwordHash = await argon2.hash(BaseDataset.PASSWORD, { type: argon2.argon2id });
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    const params = [size.organizations, size.membersPerOrganization, size.bigOrganizationMembers];
    const members = `generate_series(1, $1::int) o cross join lateral generate_series(1, case when o = 1 then $3::int else $2::int end) m`;
    await client.query(
      `insert into organizations (id, name, slug, tier, created_at, updated_at)
       select md5('bench:org:' || o)::uuid, 'Bench organization ' || o, 'bench-' || o,
              (array['free', 'team', 'business', 'enterprise'])[1 + o % 4], t, t
       from generate_series(1, $1::int) o, lateral (select timestamptz '2025-01-01' + o * interval '1 second' as t) ts
       on conflict do nothing`,
      [size.organizations],
    );
    await client.query(
      `insert into users (id, email, name, password_hash, status, created_at, updated_at)
       select md5('bench:user:' || o || ':' || m)::uuid, 'm' || m || '.o' || o || '@bench.switchyard.test',
              'Member ' || m || ' of organization ' || o, $4, 'active', t, t
       from ${members}, lateral (select timestamptz '2025-01-01' + m * interval '1 minute' as t) ts
       on conflict do nothing`,
      [...params, passwordHash],
    );
    await client.query(
      `insert into memberships (id, organization_id, user_id, role, created_at, updated_at)
       select md5('bench:membership:' || o || ':' || m)::uuid, md5('bench:org:' || o)::uuid, md5('bench:user:' || o || ':' || m)::uuid,
              case when m = 1 then 'owner' when m = 2 then 'admin' when m % 3 = 0 then 'viewer' else 'member' end, t, t
       from ${members}, lateral (select timestamptz '2025-01-01' + m * interval '1 minute' as t) ts
       on conflict do nothing`,
      params,
    );
    await client.query(
      `insert into api_keys (id, organization_id, name, role, secret_hash, created_by)
       select md5('bench:key:' || o)::uuid, md5('bench:org:' || o)::uuid, 'bench key', 'member',
              sha256(convert_to('benchkey' || lpad(o::text, 35, '0'), 'UTF8')), md5('bench:user:' || o || ':1')::uuid
       from generate_series(1, $1::int) o
       on conflict do nothing`,
      [size.organizations],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await seedSessions(db);
  await db.query('analyze organizations, users, memberships, api_keys');
  log(`seeded ${size.organizations} organizations, ${expectedMembers} members, ${size.organizations} API keys in ${Date.now() - started} ms`);
  return dataset;
}

/**
 * One open session (refresh-token family) per member: access tokens name their session (`sid`)
 * and every request checks it is open (auth_enter). The family id is benchSessionId(user id).
 * Idempotent, and also run on a data set seeded before sessions were checked.
 */
async function seedSessions(db: Pool): Promise<void> {
  await db.query(
    `insert into refresh_tokens (id, organization_id, user_id, family_id, token_hash, expires_at)
     select md5('bench:session:' || m.user_id)::uuid, m.organization_id, m.user_id, md5('bench:session:' || m.user_id)::uuid,
            sha256(convert_to('bench:session:' || m.user_id, 'UTF8')), now() + interval '10 years'
     from memberships m where exists (select 1 from users u where u.id = m.user_id and u.email like '%@bench.switchyard.test')
     on conflict do nothing`,
  );
}

/** The session a bench member's access token names (see seedSessions). */
export function benchSessionId(userId: string): string {
  const hex = createHash('md5').update(`bench:session:${userId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
