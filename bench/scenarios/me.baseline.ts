import type { FastifyInstance } from 'fastify';
import { BaselineTools, unauthenticated } from '../lib/baseline-tools';

// The SQL the service runs for GET /v1/me: TypeORM's findOne on UserEntity (every selectable
// column, LIMIT 1) and OrganizationTypeormRepository.findCurrent.
const USER_SQL = `select id, email, name, status, preferences, external_ids, last_login_at, version, created_at, updated_at
                  from users where id = $1 limit 1`;
const ORGANIZATION_SQL = `select * from organizations where id = nullif(current_setting('app.current_org_id', true), '')::uuid`;

/** Hand-written GET /v1/me: authenticate (JWT or API key), one tenant transaction, two reads, the same JSON. */
export function registerMeBaseline(app: FastifyInstance, tools: BaselineTools): void {
  app.get('/v1/me', async (request, reply) => {
    const actor = tools.authenticate(request.headers);
    if (!actor) return reply.code(401).type('application/problem+json').send(unauthenticated(request.url));
    const userId = actor.type === 'user' ? actor.id : undefined;
    return tools.callerTransaction(actor, async (client) => {
      const [users, organizations] = await Promise.all([userId ? client.query(USER_SQL, [userId]) : undefined, client.query(ORGANIZATION_SQL)]);
      const user = users?.rows[0];
      const organization = organizations.rows[0];
      if (!organization || (userId && !user)) return reply.code(404).send({ status: 404, code: 'NOT_FOUND' });
      return {
        actor: { type: actor.type, id: actor.id, role: actor.role },
        user: user
          ? {
              id: user.id,
              email: user.email,
              name: user.name,
              status: user.status,
              preferences: user.preferences,
              externalIds: user.external_ids,
              lastLoginAt: user.last_login_at,
              createdAt: user.created_at,
            }
          : null,
        organization: {
          id: organization.id,
          name: organization.name,
          slug: organization.slug,
          tier: organization.tier,
          settings: organization.settings,
          features: organization.features,
          limits: organization.limits,
          version: organization.version,
          createdAt: organization.created_at,
          updatedAt: organization.updated_at,
        },
      };
    });
  });
}
