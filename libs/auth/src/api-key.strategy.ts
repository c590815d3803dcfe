import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import { Strategy } from 'passport-custom';
import { DataSource } from 'typeorm';
import { Actor, isRole } from '@switchyard/core';
import { VERIFY_API_KEY_SQL, VerifiedApiKeyRow } from './api-key.sql';
import { hashToken, parseApiKey } from './secret-token';

/**
 * Machine credentials: `Authorization: Bearer sy_...` or `X-API-Key: sy_...`. The key is checked
 * by the SECURITY DEFINER function auth_api_key_verify (the tenant is not known yet): one round
 * trip, which answers a row only for the right secret and records a successful use at most once
 * a minute.
 */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async validate(request: { headers: Record<string, string | string[] | undefined> }): Promise<Actor | false> {
    const token = readToken(request.headers);
    const parsed = token ? parseApiKey(token) : undefined;
    if (!parsed) return false;
    // Outside TenantTransaction on purpose: authentication runs in the guard, before the tenant
    // transaction opens (its organization is what this call finds out), and a rejected key must
    // not cost a transaction. The function is SECURITY DEFINER, so no tenant setting is needed.
    const rows: VerifiedApiKeyRow[] = await this.dataSource.query(VERIFY_API_KEY_SQL, [parsed.keyId, hashToken(parsed.secret)]);
    const key = rows[0];
    if (!key || !isRole(key.role)) return false;
    if (key.expires_at && key.expires_at.getTime() <= Date.now()) return false;
    return { type: 'api_key', id: parsed.keyId, organizationId: key.organization_id, role: key.role };
  }
}

function readToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string') return apiKey.trim();
  const authorization = headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith('Bearer sy_')) return authorization.slice(7).trim();
  return undefined;
}
