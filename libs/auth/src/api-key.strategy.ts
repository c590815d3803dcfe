import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { CallerCredential } from '@switchyard/database';
import { Strategy } from 'passport-custom';
import { hashToken, parseApiKey } from './secret-token';

/**
 * Machine credentials (passport-custom): `X-API-Key: sy_…` or `Authorization: Bearer sy_…`. Only
 * the format is checked here, with no database: the secret, expiry and the creator's authority are
 * checked by the request's first statement (auth_enter), together with the tenant settings.
 */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  validate(request: { headers: Record<string, string | string[] | undefined> }): CallerCredential | false {
    const apiKey = request.headers['x-api-key'];
    const authorization = request.headers.authorization;
    const token =
      typeof apiKey === 'string'
        ? apiKey.trim()
        : typeof authorization === 'string' && authorization.startsWith('Bearer sy_')
          ? authorization.slice(7).trim()
          : undefined;
    const parsed = token ? parseApiKey(token) : undefined;
    return parsed ? { type: 'api_key', keyId: parsed.keyId, secretHash: hashToken(parsed.secret) } : false;
  }
}
