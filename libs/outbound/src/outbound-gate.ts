import { Logger } from '@nestjs/common';
import { promises as dns } from 'node:dns';
import { IpAddress, isMetadataAddress, parseIpLiteral, refusedRange } from './address-policy';
import { AllowList, normalizeHost } from './allow-list';
import { OutboundRefusedError, OutboundUnreachableError } from './outbound-error';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Name resolution, injectable so tests map names to loopback without asking any DNS server. */
export type Lookup = (host: string) => Promise<ResolvedAddress[]>;

export interface OutboundGateOptions {
  /** OUTBOUND_ALLOWED_HOSTS: host names, `*.suffix`, IP addresses, CIDRs. */
  allowedHosts?: readonly string[];
  lookup?: Lookup;
  /** Bound on name resolution (getaddrinfo has none of its own). */
  resolveTimeoutMs?: number;
}

/** A host and the one address that was checked for it: connect there, never look the name up again. */
export interface CheckedTarget {
  host: string;
  address: string;
  family: 4 | 6;
}

export type HostVerdict = { ok: true } | { ok: false; range: string };

const systemLookup: Lookup = (host) => dns.lookup(host, { all: true, verbatim: true });

/**
 * The one outbound gate (docs/architecture.md, rule 13): decides whether a host may be contacted,
 * judging the addresses that will really be connected to, after resolution, so that every
 * spelling of an address (`2130706433`, `0x7f000001`, `[::ffff:7f00:1]`, a name pointing at
 * 10.0.0.1) meets the same rule. Loopback, private, CGNAT, link-local, unique-local, multicast,
 * unspecified, broadcast, reserved and documentation ranges and the cloud metadata addresses are
 * refused, unless the operator allows the host by name or by CIDR (metadata never).
 */
export class OutboundGate {
  private readonly allowList: AllowList;
  private readonly lookup: Lookup;
  private readonly resolveTimeoutMs: number;
  private readonly logger = new Logger('Outbound');

  constructor(options: OutboundGateOptions = {}) {
    this.allowList = new AllowList(options.allowedHosts ?? []);
    this.lookup = options.lookup ?? systemLookup;
    this.resolveTimeoutMs = options.resolveTimeoutMs ?? 5000;
  }

  /**
   * The check that needs no resolution, for input validation: refuses literal addresses in a
   * refused range (every spelling) and `localhost` names. A name that resolves somewhere refused
   * passes here and is stopped by `resolve()` when the call is made.
   */
  checkHost(rawHost: string): HostVerdict {
    const host = normalizeHost(rawHost);
    if (!host) return { ok: false, range: 'empty' };
    const literal = parseIpLiteral(host);
    if (literal) return this.judge(host, literal) ?? { ok: true };
    if (this.allowList.allowsName(host)) return { ok: true };
    if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, range: 'localhost' };
    return { ok: true };
  }

  /**
   * Resolves the host (every A/AAAA answer), refuses it when any answer is refused, and returns
   * the address to connect to. Throws OutboundRefusedError or OutboundUnreachableError.
   */
  async resolve(rawHost: string): Promise<CheckedTarget> {
    const host = normalizeHost(rawHost);
    const verdict = this.checkHost(host);
    if (!verdict.ok) throw this.refuse(rawHost, verdict.range);
    const literal = parseIpLiteral(host);
    const addresses = literal ? [literal] : await this.resolveName(rawHost, host);
    for (const address of addresses) {
      const refused = this.judge(host, address);
      if (refused) throw this.refuse(rawHost, refused.range, address);
    }
    const chosen = addresses[0];
    return { host, address: chosen.toString(), family: chosen.kind() === 'ipv4' ? 4 : 6 };
  }

  /** A refusal, or undefined when the address may be contacted for this host. */
  private judge(host: string, address: IpAddress): { ok: false; range: string } | undefined {
    if (isMetadataAddress(address)) return { ok: false, range: 'metadata' };
    if (this.allowList.allowsName(host) || this.allowList.allowsAddress(address)) return undefined;
    const range = refusedRange(address);
    return range ? { ok: false, range } : undefined;
  }

  private async resolveName(rawHost: string, host: string): Promise<IpAddress[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`lookup timed out after ${this.resolveTimeoutMs} ms`)), this.resolveTimeoutMs);
    });
    try {
      const answers = await Promise.race([this.lookup(host), timeout]);
      const addresses = answers.map((answer) => parseIpLiteral(answer.address)).filter((address): address is IpAddress => address !== undefined);
      if (addresses.length === 0) throw new Error('no address');
      return addresses;
    } catch (error) {
      const detail = `lookup of ${host} failed: ${(error as Error)?.message ?? String(error)}`;
      this.logger.warn({ host, detail }, 'Outbound host could not be resolved');
      throw new OutboundUnreachableError(rawHost, undefined, detail);
    } finally {
      clearTimeout(timer);
    }
  }

  private refuse(host: string, range: string, address?: IpAddress): OutboundRefusedError {
    this.logger.warn({ host, range, address: address?.toString() }, 'Outbound call refused by the address policy');
    return new OutboundRefusedError(host, range);
  }
}
