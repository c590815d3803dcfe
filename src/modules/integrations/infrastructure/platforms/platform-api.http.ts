import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@switchyard/config';
import { DomainError } from '@switchyard/core';
import { OutboundHttp, OutboundResponse } from '@switchyard/outbound';
import { createSign } from 'node:crypto';
import { GithubDeliverySource, OutboundAction, PlatformApi, PlatformCallResult } from '../../application/ports';
import { INTEGRATIONS } from '../../domain/integrations.errors';
import { Platform } from '../../domain/signatures';
import { integrationsConfig } from '../../integrations.config';

type Credentials = { token?: string; appId?: string; privateKey?: string };

const TIMEOUT_MS = 10_000;
const USER_AGENT = 'switchyard-integrations';

/**
 * The three platforms' HTTP APIs, spoken directly through the outbound gate (OutboundHttp):
 * Slack Web API `chat.postMessage` and a command's `response_url`, Linear's GraphQL
 * `issueUpdate` / `issueCreate`, GitHub's REST hook deliveries (list, redeliver) with a token or
 * a GitHub App JWT (RS256, made here). Base URLs are settings, so tests point them at local fakes.
 */
@Injectable()
export class PlatformApiHttp extends PlatformApi {
  constructor(
    private readonly http: OutboundHttp,
    @Inject(integrationsConfig.KEY) private readonly config: ConfigType<typeof integrationsConfig>,
  ) {
    super();
  }

  async call(platform: Platform, credentials: Credentials, action: OutboundAction): Promise<PlatformCallResult> {
    switch (action.kind) {
      case 'slack.post_message':
        return this.json(
          `${this.config.slackApiUrl}/chat.postMessage`,
          'POST',
          { authorization: `Bearer ${credentials.token ?? ''}` },
          {
            channel: action.channel,
            text: action.text,
          },
        );
      case 'slack.respond':
        return this.json(action.responseUrl, 'POST', {}, { response_type: 'ephemeral', text: action.text });
      case 'linear.update_issue':
        return this.linear(
          credentials,
          'mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { success issue { id updatedAt } } }',
          {
            id: action.issueId,
            input: action.input,
          },
        );
      case 'linear.create_issue':
        return this.linear(credentials, 'mutation IssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { id identifier } } }', {
          input: action.input,
        });
      case 'github.redeliver':
        return this.json(
          `${this.deliveriesUrl(action.source)}/${action.deliveryId}/attempts`,
          'POST',
          this.githubHeaders(credentials, action.source),
          undefined,
        );
      default:
        throw new DomainError(INTEGRATIONS.NOT_CONFIGURED, `No ${platform} call for ${(action as { kind: string }).kind}`);
    }
  }

  async listGithubDeliveries(credentials: Credentials, source: GithubDeliverySource) {
    const result = await this.json(`${this.deliveriesUrl(source)}?per_page=100`, 'GET', this.githubHeaders(credentials, source), undefined);
    if (result.status !== 200 || !Array.isArray(result.body))
      throw new DomainError(INTEGRATIONS.PLATFORM_CALL_FAILED, `GitHub answered HTTP ${result.status} to the deliveries list`);
    return (result.body as Array<Record<string, any>>).map((row) => ({
      id: Number(row.id),
      guid: String(row.guid),
      deliveredAt: String(row.delivered_at),
      statusCode: Number(row.status_code),
      redelivery: Boolean(row.redelivery),
      event: String(row.event),
    }));
  }

  private deliveriesUrl(source: GithubDeliverySource): string {
    if (source.app) return `${this.config.githubApiUrl}/app/hook/deliveries`;
    if (!source.owner || !source.repo || !source.hookId)
      throw new DomainError(INTEGRATIONS.NOT_CONFIGURED, 'reconcile needs { owner, repo, hookId } or { app: true }');
    return `${this.config.githubApiUrl}/repos/${encodeURIComponent(source.owner)}/${encodeURIComponent(source.repo)}/hooks/${source.hookId}/deliveries`;
  }

  private githubHeaders(credentials: Credentials, source: GithubDeliverySource): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
    if (source.app) {
      if (!credentials.appId || !credentials.privateKey)
        throw new DomainError(INTEGRATIONS.NOT_CONFIGURED, 'A GitHub App needs appId and privateKey credentials');
      headers.authorization = `Bearer ${githubAppJwt(credentials.appId, credentials.privateKey, Date.now())}`;
    } else if (credentials.token) {
      headers.authorization = `Bearer ${credentials.token}`;
    }
    return headers;
  }

  private linear(credentials: Credentials, query: string, variables: Record<string, unknown>): Promise<PlatformCallResult> {
    const token = credentials.token ?? '';
    // Personal API keys go as they are; OAuth access tokens as Bearer (Linear's documented forms).
    const authorization = token.startsWith('lin_api_') ? token : `Bearer ${token}`;
    return this.json(this.config.linearApiUrl, 'POST', { authorization }, { query, variables });
  }

  private async json(url: string, method: string, headers: Record<string, string>, body: unknown): Promise<PlatformCallResult> {
    const response = await this.http.request(url, {
      method,
      headers: { 'user-agent': USER_AGENT, ...(body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      timeoutMs: TIMEOUT_MS,
      maxRedirects: 0,
    });
    return { status: response.status, retryAfterSeconds: retryAfter(response), body: parse(response) };
  }
}

function retryAfter(response: OutboundResponse): number | undefined {
  const raw = response.headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function parse(response: OutboundResponse): unknown {
  const text = response.body.toString('utf8');
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** A GitHub App's JWT (RS256): issued 60 s in the past against clock drift, valid 9 minutes (GitHub allows 10). */
export function githubAppJwt(appId: string, privateKey: string, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iat: now - 60, exp: now + 540, iss: appId })}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
  return `${unsigned}.${signature}`;
}
