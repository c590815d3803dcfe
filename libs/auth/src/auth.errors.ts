import { AUTH, DomainError } from '@switchyard/core';

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid access token or API key is required') {
    super(AUTH.UNAUTHENTICATED, message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(scope: string, retryAfterSeconds: number) {
    super(AUTH.RATE_LIMITED, `Too many requests for this ${scope}; retry in ${retryAfterSeconds} s`, {
      scope,
      retryAfterSeconds,
    });
  }
}
