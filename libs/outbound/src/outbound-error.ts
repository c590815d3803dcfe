import { COMMON, DomainError } from '@switchyard/core';

/**
 * The two answers a tenant ever sees from the gate. The message names only the tenant's own
 * host: never the address it resolved to, a port, an errno or a resolver's text. What really
 * happened is in `internalDetail`, for the server log.
 */
export class OutboundRefusedError extends DomainError {
  constructor(
    readonly host: string,
    /** Which range the address fell in (loopback, private, metadata, ...): for the log. */
    readonly range: string,
  ) {
    super(COMMON.OUTBOUND_REFUSED, `The host ${host} is refused by the outbound policy`, { host });
  }
}

export class OutboundUnreachableError extends DomainError {
  constructor(
    readonly host: string,
    /** A tenant-safe hint (`timed out after 10000 ms`, `too many redirects`), or nothing. */
    hint: string | undefined,
    readonly internalDetail: string,
  ) {
    super(COMMON.OUTBOUND_UNREACHABLE, `Could not reach the host ${host}${hint ? `: ${hint}` : ''}`, { host });
  }
}

export type OutboundError = OutboundRefusedError | OutboundUnreachableError;

export function isOutboundError(error: unknown): error is OutboundError {
  return error instanceof OutboundRefusedError || error instanceof OutboundUnreachableError;
}
