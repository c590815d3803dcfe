import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { resetEnvironment } from '@switchyard/config';
import { DatabaseConnection } from '@switchyard/database';
import { randomBytes, randomUUID } from 'node:crypto';
import { createApp } from '../../src/app.factory';
import { DataSource } from 'typeorm';
import { workerDatabaseUrl } from './test-database';

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
}

export interface RequestOptions {
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  /** A raw string body is sent as is (for malformed JSON tests). */
  body?: unknown;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: { id: string; email: string; name: string };
  organization: { id: string; slug: string; name: string; role: string };
}

const TEST_SECRETS = {
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  PLATFORM_OPERATOR_TOKEN: randomBytes(36).toString('base64url'),
};

/** The platform operator's credential (platform-wide maintenance jobs), as request options. */
export const PLATFORM_OPERATOR = { token: TEST_SECRETS.PLATFORM_OPERATOR_TOKEN };

/**
 * The real application over a real database (this worker's PostgreSQL database, or an
 * in-memory embedded one), driven through Fastify's injector: no port, same pipeline.
 */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    private readonly database: DatabaseConnection,
  ) {}

  static async start(env: Record<string, string> = {}, options: Parameters<typeof createApp>[0] = {}): Promise<TestApp> {
    const databaseUrl = workerDatabaseUrl();
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      SCHEDULER_ENABLED: 'false',
      RATE_LIMIT_ORG_PER_MINUTE: '1000000',
      RATE_LIMIT_API_KEY_PER_MINUTE: '1000000',
      // Every test signs up from the same address; the sign-up limit has its own tests.
      SIGNUP_MAX_PER_ADDRESS: '1000000',
      ...TEST_SECRETS,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: 'memory://' }),
      ...env,
    });
    if (!databaseUrl) delete process.env.DATABASE_URL;
    // Rate limits count in memory unless a test asks for Redis.
    if (!env.REDIS_URL) delete process.env.REDIS_URL;
    resetEnvironment();
    const app = await createApp(options);
    return new TestApp(app, app.get(DatabaseConnection));
  }

  get isEmbedded(): boolean {
    return this.database.isEmbedded;
  }

  /**
   * Raw SQL as the role the app connects with (the database owner in tests), outside any tenant
   * transaction: for arranging states no route can reach (an expired token) and for checking
   * what is really stored. Never use it while a request is in flight on the embedded database.
   */
  sql<T = any>(query: string, parameters: unknown[] = []): Promise<T[]> {
    return this.app.get(DataSource).query(query, parameters);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.database.close();
  }

  async request<T = any>(method: string, url: string, options: RequestOptions = {}): Promise<Response<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.apiKey) headers['x-api-key'] = options.apiKey;
    const hasBody = options.body !== undefined;
    if (hasBody && !headers['content-type']) headers['content-type'] = 'application/json';
    const response = await this.app.inject({
      method: method as 'GET',
      url,
      headers,
      payload: hasBody ? (typeof options.body === 'string' ? options.body : JSON.stringify(options.body)) : undefined,
    });
    const text = response.body;
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (metrics, HTML): keep the text
    }
    return { status: response.statusCode, body: body as T, headers: response.headers as Response['headers'] };
  }

  get<T = any>(url: string, options?: RequestOptions) {
    return this.request<T>('GET', url, options);
  }
  post<T = any>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', url, { ...options, body });
  }
  patch<T = any>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', url, { ...options, body });
  }
  put<T = any>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', url, { ...options, body });
  }
  delete<T = any>(url: string, options?: RequestOptions) {
    return this.request<T>('DELETE', url, options);
  }

  /** A new organization with its owner, logged in. Every test makes its own: no truncation needed. */
  async signup(
    overrides: Partial<{ organizationName: string; organizationSlug: string; email: string; name: string; password: string }> = {},
  ): Promise<Session> {
    const unique = randomUUID().slice(0, 8);
    const response = await this.post<Session>('/v1/auth/signup', {
      organizationName: `Org ${unique}`,
      organizationSlug: `org-${unique}`,
      email: `owner-${unique}@example.test`,
      name: `Owner ${unique}`,
      password: 'correct horse battery staple',
      ...overrides,
    });
    if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Invites and accepts: a logged-in member of `owner`'s organization with the given role. */
  async addMember(owner: Session, role: 'owner' | 'admin' | 'member' | 'viewer'): Promise<Session> {
    const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
    const invitation = await this.post('/v1/invitations', { email, role }, { token: owner.accessToken });
    if (invitation.status !== 201) throw new Error(`invite failed: ${invitation.status} ${JSON.stringify(invitation.body)}`);
    const accepted = await this.post<Session>('/v1/invitations/accept', {
      token: invitation.body.token,
      name: `A ${role}`,
      password: 'correct horse battery staple',
    });
    if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return accepted.body;
  }
}
