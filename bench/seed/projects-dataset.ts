import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { BaseDataset } from './base-dataset';

/**
 * Projects and repositories on top of the base data set, deterministic and idempotent:
 * organization 1 holds 1,000 projects and 5,000 repositories (each linked to one project, with
 * 20 branches on the first 50), and organizations 2…1,000 hold 5 projects and 20 repositories
 * each, so the listed organization is one among 1,000 that have data in the same tables.
 */
export const PROJECTS_IN_BIG_ORG = 1000;
export const REPOSITORIES_IN_BIG_ORG = 5000;
export const BRANCH_REPOSITORIES = 50;
export const BRANCHES_PER_REPOSITORY = 20;

export function repositoryId(o: number, r: number): string {
  return md5Uuid(`bench:repo:${o}:${r}`);
}

export function branchName(b: number): string {
  return `feature/bench-${b}`;
}

let seeding: Promise<void> | undefined;

export function seedProjectsDataset(
  db: Pool,
  base: BaseDataset,
  log: (line: string) => void = (line) => process.stderr.write(`[bench] ${line}\n`),
): Promise<void> {
  return (seeding ??= seed(db, base, log));
}

async function seed(db: Pool, base: BaseDataset, log: (line: string) => void): Promise<void> {
  const organizations = Math.min(base.size.organizations, 1000);
  const { rows } = await db.query<{ present: boolean }>(
    `select exists (select 1 from branches where id = md5('bench:branch:1:' || $1 || ':' || $2)::uuid)
        and exists (select 1 from repositories where id = md5('bench:repo:' || $3 || ':20')::uuid) as present`,
    [BRANCH_REPOSITORIES, BRANCHES_PER_REPOSITORY, organizations],
  );
  if (rows[0].present) {
    log('projects data set present');
    return;
  }
  const started = Date.now();
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // per organization o: project count and repository count
    const perOrg = `generate_series(1, $1::int) o, lateral (select case when o = 1 then ${PROJECTS_IN_BIG_ORG} else 5 end as projects,
                                                              case when o = 1 then ${REPOSITORIES_IN_BIG_ORG} else 20 end as repositories) n`;
    await client.query(
      `insert into projects (id, organization_id, name, slug, description, status, tags, settings, created_at, updated_at)
       select md5('bench:project:' || o || ':' || p)::uuid, md5('bench:org:' || o)::uuid, 'Project ' || p, 'project-' || p,
              'Bench project ' || p || ' of organization ' || o,
              (array['planning', 'active', 'on_hold', 'completed'])[1 + p % 4],
              array['team-' || (p % 10), 'q' || (1 + p % 4)], '{"estimationUnit": "points"}', t, t
       from ${perOrg}, generate_series(1, n.projects) p, lateral (select timestamptz '2025-02-01' + p * interval '1 minute' as t) ts
       on conflict do nothing`,
      [organizations],
    );
    await client.query(
      `insert into repositories (id, organization_id, provider, owner, name, clone_url, default_branch, visibility, external_id, analysis_config, created_at, updated_at)
       select md5('bench:repo:' || o || ':' || r)::uuid, md5('bench:org:' || o)::uuid,
              (array['github', 'gitlab', 'bitbucket'])[1 + r % 3], 'team-' || (r % 50), 'service-' || r,
              'https://github.com/team-' || (r % 50) || '/service-' || r || '.git', 'main', 'private', 'ext-' || r,
              '{"languages": ["typescript"], "exclude": ["**/*.spec.ts"]}', t, t
       from ${perOrg}, generate_series(1, n.repositories) r, lateral (select timestamptz '2025-02-01' + r * interval '1 second' as t) ts
       on conflict do nothing`,
      [organizations],
    );
    await client.query(
      `insert into project_repositories (organization_id, project_id, repository_id)
       select md5('bench:org:' || o)::uuid, md5('bench:project:' || o || ':' || (1 + r % n.projects))::uuid, md5('bench:repo:' || o || ':' || r)::uuid
       from ${perOrg}, generate_series(1, n.repositories) r
       on conflict do nothing`,
      [organizations],
    );
    await client.query(
      `insert into branches (id, organization_id, repository_id, name, head_sha, protected, last_push_at)
       select md5('bench:branch:1:' || r || ':' || b)::uuid, md5('bench:org:1')::uuid, md5('bench:repo:1:' || r)::uuid,
              'feature/bench-' || b, md5('sha:' || r || ':' || b) || '00000000', b = 1, timestamptz '2025-02-01'
       from generate_series(1, $1::int) r, generate_series(1, $2::int) b
       on conflict do nothing`,
      [BRANCH_REPOSITORIES, BRANCHES_PER_REPOSITORY],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await db.query('analyze projects, repositories, project_repositories, branches');
  log(
    `projects data set: ${PROJECTS_IN_BIG_ORG} projects and ${REPOSITORIES_IN_BIG_ORG} repositories in organization 1, 5 and 20 in ${organizations - 1} others (${Date.now() - started} ms)`,
  );
}

function md5Uuid(text: string): string {
  // Same as SQL md5(text)::uuid.
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
