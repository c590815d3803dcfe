import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { SEND_JOB } from '../../libs/jobs/src/job-queue.sql';
import { ACCEPT_DELIVERY, FIND_DELIVERY_BY_KEY } from '../../src/modules/integrations/infrastructure/persistence/webhook-delivery.sql';
import { WEBHOOK_TARGET } from '../../src/modules/integrations/infrastructure/persistence/integration.sql';
import { defineScenario } from '../lib/scenario';

const INTEGRATIONS = 50;
const integrationId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const secretOf = (n: number) => `bench-webhook-secret-${n}`;

/** SecretBox's format (libs/crypto): v1:<key id>:<nonce>:<tag>:<ciphertext>, AES-256-GCM, associated data. */
function seal(key: Buffer, plaintext: string, aad: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', 'k1', nonce, cipher.getAuthTag(), ciphertext].map((part) => (Buffer.isBuffer(part) ? part.toString('base64url') : part)).join(':');
}

function open(key: Buffer, sealed: string, aad: string): string {
  const [, , nonce, tag, ciphertext] = sealed.split(':');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/** A GitHub `ping`-sized delivery with the shape of a push's headers (the processing that follows is the cheapest, `ignored`). */
function payload(i: number) {
  return {
    zen: 'Design for failure.',
    hook_id: 1000 + i,
    hook: {
      type: 'Repository',
      id: 1000 + i,
      name: 'web',
      active: true,
      events: ['push', 'pull_request'],
      config: { content_type: 'json', insecure_ssl: '0' },
    },
    repository: { id: 186853002, name: 'Hello-World', full_name: 'Codertocat/Hello-World', private: false },
    sender: { login: 'Codertocat', id: 21031067, type: 'User' },
  };
}

/**
 * Webhook acceptance: resolve the integration (SECURITY DEFINER, no tenant), open its sealed
 * secret, verify X-Hub-Signature-256 over the raw body, then in the integration's tenant the
 * delivery + dedup key in one statement and the processing job: what stands between GitHub and
 * a 200. The baseline does the same statements and the same cryptography by hand.
 */
export default defineScenario<{ n: number }>({
  name: 'webhook-accept',
  title: 'POST /v1/webhooks/github/{id} (verify + durable insert + enqueue), 50 integrations',
  async seed(ctx) {
    const base = await ctx.base();
    for (let n = 1; n <= INTEGRATIONS; n++) {
      const id = integrationId(n);
      await ctx.db.query(
        `insert into integrations (organization_id, id, platform, name, webhook_secret_sealed)
         values ($1, $2, 'github', $3, $4) on conflict (organization_id, id) do update set webhook_secret_sealed = excluded.webhook_secret_sealed`,
        [base.organizationId(n), id, `bench-github-${n}`, seal(ctx.encryptionKey, secretOf(n), `integration:${id}:webhook`)],
      );
    }
    return { n: INTEGRATIONS };
  },
  requests({ n }) {
    let i = 0;
    return () => {
      i += 1;
      const which = 1 + (i % n);
      const body = payload(i);
      // The runner sends JSON.stringify(body): the signature is over exactly those bytes.
      const signature = `sha256=${createHmac('sha256', secretOf(which)).update(JSON.stringify(body)).digest('hex')}`;
      return {
        method: 'POST',
        path: `/v1/webhooks/github/${integrationId(which)}`,
        headers: { 'x-github-event': 'ping', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signature },
        body,
      };
    };
  },
  baseline(app, tools) {
    const key = Buffer.from(process.env.ENCRYPTION_KEY!, 'base64');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.post<{ Params: { id: string } }>('/v1/webhooks/github/:id', async (request, reply) => {
      const raw = request.body as Buffer;
      const headers = request.headers;
      const answer = await tools.tenantTransaction({}, async (client) => {
        const target = (await client.query(WEBHOOK_TARGET, [request.params.id])).rows[0];
        if (!target || target.platform !== 'github') return undefined;
        const secret = open(key, target.webhook_secret_sealed, `integration:${request.params.id}:webhook`);
        const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
        const given = Buffer.from(String(headers['x-hub-signature-256'] ?? ''));
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
        JSON.parse(raw.toString('utf8'));
        await client.query(`select set_config('app.current_org_id', $1, true)`, [target.organization_id]);
        const deliveryId = randomUUID();
        let accepted = (
          await client.query(ACCEPT_DELIVERY, [
            target.organization_id,
            request.params.id,
            String(headers['x-github-delivery']),
            deliveryId,
            'github',
            'ping',
            { 'x-github-event': 'ping', 'x-github-delivery': String(headers['x-github-delivery']), 'content-type': 'application/json' },
            raw,
          ])
        ).rows[0];
        // As the service: the same key committed by a concurrent request after this statement's
        // snapshot is read by a new statement (the pre-flight sends one request to both sides at once).
        accepted ??= (await client.query(FIND_DELIVERY_BY_KEY, [target.organization_id, request.params.id, String(headers['x-github-delivery'])])).rows[0];
        if (!accepted.duplicate) {
          await client.query(SEND_JOB, [
            'bench.webhook-accept',
            target.organization_id,
            { integrationId: request.params.id, deliveryId: accepted.delivery_id, receivedAt: accepted.received_at.toISOString() },
            null,
            8,
            1000,
            300_000,
            null,
          ]);
        }
        return { deliveryId: accepted.delivery_id, duplicate: accepted.duplicate };
      });
      if (!answer) return reply.code(401).type('application/problem+json').send({ status: 401, code: 'INTEGRATIONS.SIGNATURE_INVALID' });
      return reply.code(200).send(answer);
    });
  },
});
