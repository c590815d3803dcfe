import * as ipaddr from 'ipaddr.js';
import { IpAddress } from './address-policy';

/**
 * What the operator lets outbound calls reach on its own network (OUTBOUND_ALLOWED_HOSTS):
 * exact host names, `*.suffix` wildcards, IP addresses and CIDRs. A name entry trusts whatever
 * the name resolves to; a CIDR entry trusts the addresses, whatever name led to them.
 */
export class AllowList {
  private readonly names = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly ranges: Array<[IpAddress, number]> = [];

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, '$1');
      if (!entry) continue;
      if (ipaddr.isValidCIDR(entry)) this.ranges.push(ipaddr.parseCIDR(entry));
      else if (ipaddr.isValid(entry)) {
        const address = ipaddr.parse(entry);
        this.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      } else if (entry.startsWith('*.')) this.suffixes.push(entry.slice(1));
      else this.names.add(entry.replace(/\.$/, ''));
    }
  }

  allowsName(host: string): boolean {
    const name = normalizeHost(host);
    return this.names.has(name) || this.suffixes.some((suffix) => name.endsWith(suffix));
  }

  allowsAddress(address: IpAddress): boolean {
    const candidates = [address];
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) candidates.push((address as ipaddr.IPv6).toIPv4Address());
    return candidates.some((candidate) => this.ranges.some((range) => range[0].kind() === candidate.kind() && candidate.match(range)));
  }
}

/** Lower case, no brackets, no trailing dot: the form every check compares. */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}
