import * as argon2 from 'argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { JWT_AUDIENCE, JWT_ISSUER } from '../../libs/auth/src/access-token';
import { defineScenario } from '../lib/scenario';
import { BaseDataset } from '../seed/base-dataset';

// AuthService.login: candidates through the SECURITY DEFINER function in a tenant-less
// transaction, argon2id verify outside any transaction, then a tenant transaction that records
// the login, reads user and organization, and stores a refresh token.
const CANDIDATES_SQL = 'select * from auth_login_candidates($1)';
const RECORD_LOGIN_SQL = 'update users set last_login_at = now(), version = version + 1, updated_at = current_timestamp where id in ($1)';
const USER_SQL = `select id, email, name, status, preferences, external_ids, last_login_at, version, created_at, updated_at
                  from users where id = $1 limit 1`;
const ORGANIZATION_SQL = `select * from organizations where id = nullif(current_setting('app.current_org_id', true), '')::uuid`;
const REFRESH_TOKEN_SQL = `insert into refresh_tokens (id, organization_id, user_id, family_id, token_hash, expires_at, rotated_at, revoked_at, created_at)
                           values ($1, $2, $3, $4, $5, $6, default, default, default) returning created_at`;

const ACCESS_TTL_SECONDS = 900;
const REFRESH_TTL_SECONDS = 30 * 86_400;

/** Password login: dominated by one argon2id verification per request, by design. */
export default defineScenario({
  name: 'login',
  title: 'POST /v1/auth/login (argon2id, 1,000 users)',
  // One argon2id verification takes ~0.1-0.5 s of a libuv thread (64 MiB, t=3, p=4): a few
  // connections already saturate both cores; fifty would only queue past the client timeout.
  maxConnections: 8,
  minSeconds: 30,
  async seed(ctx) {
    const base = await ctx.base();
    const emails: string[] = [];
    for (let o = 1; o <= Math.min(base.size.organizations, 1000); o++) emails.push(base.email(o, 1 + (o % base.membersOf(o))));
    return emails;
  },
  requests(emails) {
    let i = 0;
    return () => ({ method: 'POST', path: '/v1/auth/login', body: { email: emails[i++ % emails.length], password: BaseDataset.PASSWORD } });
  },
  baseline(app, tools) {
    app.post<{ Body: { email?: unknown; password?: unknown } }>('/v1/auth/login', async (request, reply) => {
      const { email, password } = request.body ?? {};
      if (typeof email !== 'string' || typeof password !== 'string') return reply.code(400).send({ status: 400, code: 'VALIDATION_FAILED' });
      const candidates = await tools.tenantTransaction({}, async (client) => (await client.query(CANDIDATES_SQL, [email.trim().toLowerCase()])).rows);
      const candidate = candidates[0];
      if (!candidate || !(await argon2.verify(candidate.password_hash, password)))
        return reply.code(401).send({ status: 401, code: 'AUTH.INVALID_CREDENTIALS' });
      const membership = candidates.find((c) => c.organization_id);
      if (!membership) return reply.code(422).send({ status: 422, code: 'AUTH.NO_ORGANIZATION' });
      const { user_id: userId, organization_id: organizationId, role } = membership;
      return tools.tenantTransaction({ organizationId, userId }, async (client) => {
        await client.query(RECORD_LOGIN_SQL, [userId]);
        const [users, organizations] = await Promise.all([client.query(USER_SQL, [userId]), client.query(ORGANIZATION_SQL)]);
        const refreshToken = randomBytes(32).toString('base64url');
        await client.query(REFRESH_TOKEN_SQL, [
          randomUUID(),
          organizationId,
          userId,
          randomUUID(),
          createHash('sha256').update(refreshToken).digest(),
          new Date(Date.now() + REFRESH_TTL_SECONDS * 1000),
        ]);
        const accessToken = sign({ sub: userId, org: organizationId, role, typ: 'access' }, tools.jwtKey, {
          expiresIn: ACCESS_TTL_SECONDS,
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          algorithm: 'HS256',
        });
        const user = users.rows[0];
        const organization = organizations.rows[0];
        return {
          tokenType: 'Bearer',
          accessToken,
          expiresIn: ACCESS_TTL_SECONDS,
          refreshToken,
          refreshExpiresIn: REFRESH_TTL_SECONDS,
          user: { id: user.id, email: user.email, name: user.name },
          organization: { id: organization.id, slug: organization.slug, name: organization.name, role },
        };
      });
    });
  },
});
