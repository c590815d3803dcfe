import { Inject, Injectable, Logger } from '@nestjs/common';
import { isOutboundError, OutboundHttp } from '@switchyard/outbound';
import { agentsConfig, AgentsSettings } from '../../agents.config';
import { AgentProviderClient, ProviderCredentials, ProviderOutcome, ProviderRun, ProviderRunStatus } from '../../application/agent-provider';
import { PullRequestLink } from '../../domain/agent-run';

/** The Codegen run as its API answers it (the fields this client reads). */
interface CodegenRun {
  id: number | string;
  status?: string | null;
  web_url?: string | null;
  result?: string | null;
  summary?: string | null;
  github_pull_requests?: Array<{ id?: number; title?: string | null; url?: string | null; number?: number | null }> | null;
}

/** Codegen's run statuses as this service understands them; anything else is still running. */
const STATUS: Record<string, ProviderRunStatus> = {
  COMPLETE: 'completed',
  COMPLETED: 'completed',
  FAILED: 'failed',
  ERROR: 'failed',
  CANCELLED: 'cancelled',
  STOPPED: 'cancelled',
};

/**
 * The Codegen API (https://docs.codegen.com/api-reference): `POST /v1/organizations/{org_id}/agent/run`
 * with `{ prompt }` creates a run (10 per minute), `GET /v1/organizations/{org_id}/agent/run/{id}`
 * reads it (60 per 30 s), Bearer token. Every call goes through the outbound gate. One attempt per
 * call: retries, backoff and the circuit are the worker's, so they are durable and shared by replicas.
 * The token never appears in a log line or an error: only the status and the provider's own message.
 */
@Injectable()
export class CodegenClient extends AgentProviderClient {
  readonly provider = 'codegen' as const;
  private readonly logger = new Logger('CodegenClient');

  constructor(
    private readonly http: OutboundHttp,
    @Inject(agentsConfig.KEY) private readonly settings: AgentsSettings,
  ) {
    super();
  }

  createRun(credentials: ProviderCredentials, prompt: string): Promise<ProviderOutcome> {
    return this.call('POST', `/v1/organizations/${encodeURIComponent(credentials.externalOrganizationId)}/agent/run`, credentials, { prompt });
  }

  getRun(credentials: ProviderCredentials, externalRunId: string): Promise<ProviderOutcome> {
    return this.call(
      'GET',
      `/v1/organizations/${encodeURIComponent(credentials.externalOrganizationId)}/agent/run/${encodeURIComponent(externalRunId)}`,
      credentials,
    );
  }

  private async call(method: 'GET' | 'POST', path: string, credentials: ProviderCredentials, body?: object): Promise<ProviderOutcome> {
    const url = this.settings.codegenBaseUrl.replace(/\/+$/, '') + path;
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const response = await this.http.request(url, {
        method,
        headers: {
          authorization: `Bearer ${credentials.token}`,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        timeoutMs: this.settings.providerTimeoutMs,
        maxRedirects: 0,
        maxBytes: 4 * 1_048_576,
      });
      status = response.status;
      text = response.body.toString('utf8');
      retryAfter = response.headers['retry-after'];
    } catch (error) {
      if (isOutboundError(error)) {
        this.logger.warn({ method, path, error: error.message }, 'Codegen unreachable');
        return error.code === 'COMMON.OUTBOUND_REFUSED'
          ? { kind: 'rejected', status: 0, detail: error.message }
          : { kind: 'unavailable', detail: error.message };
      }
      throw error;
    }
    if (status === 429) return { kind: 'rate_limited', retryAfterMs: parseRetryAfter(retryAfter) };
    if (status >= 500 || status === 408) return { kind: 'unavailable', detail: `HTTP ${status}` };
    if (status < 200 || status >= 300) return { kind: 'rejected', status, detail: providerMessage(text) };
    try {
      return { kind: 'ok', run: toProviderRun(JSON.parse(text) as CodegenRun) };
    } catch {
      return { kind: 'unavailable', detail: 'the provider answered something that is not an agent run' };
    }
  }
}

export function toProviderRun(body: CodegenRun): ProviderRun {
  if (body === null || typeof body !== 'object' || body.id === undefined || body.id === null) throw new Error('not a run');
  const pullRequests: PullRequestLink[] = (body.github_pull_requests ?? [])
    .filter((pr) => typeof pr?.url === 'string')
    .map((pr) => ({ url: pr.url!, title: pr.title ?? null, number: typeof pr.number === 'number' ? pr.number : numberFromUrl(pr.url!) }));
  return {
    externalRunId: String(body.id),
    status: STATUS[String(body.status ?? '').toUpperCase()] ?? 'running',
    webUrl: typeof body.web_url === 'string' ? body.web_url : null,
    result: typeof body.result === 'string' ? body.result : null,
    summary: typeof body.summary === 'string' ? body.summary : null,
    pullRequests,
    reportedTokens: null,
    reportedCostUsd: null,
  };
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Math.round(Number(raw) * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function numberFromUrl(url: string): number | null {
  const match = /\/pull\/(\d+)/.exec(url);
  return match ? Number(match[1]) : null;
}

/** The provider's own error text (FastAPI's `detail`), bounded; never the request. */
function providerMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { detail?: unknown; message?: unknown };
    const detail = typeof body.detail === 'string' ? body.detail : typeof body.message === 'string' ? body.message : JSON.stringify(body.detail ?? body);
    return detail.slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}
