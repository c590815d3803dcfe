import * as ipaddr from 'ipaddr.js';

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** Cloud metadata services: refused even when an allow-list CIDR happens to cover them. */
const METADATA = ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'].map((address) => ipaddr.parse(address).toNormalizedString());

/** ::/96, the deprecated IPv4-compatible form (::7f00:1 is 127.0.0.1): ipaddr.js calls it unicast. */
const IPV4_COMPATIBLE = ipaddr.parseCIDR('::/96');
/** The well-known NAT64 prefix; its last 32 bits are the IPv4 address a translator connects to. */
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

/**
 * Any spelling of an IP address as a host: dotted quads, but also the forms inet_aton and the
 * URL parsers accept (`2130706433`, `0x7f000001`, `0177.0.0.1`, `127.1`, mixed), bracketed IPv6
 * and zone ids. Undefined when the host is a name.
 */
export function parseIpLiteral(host: string): IpAddress | undefined {
  const bare = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  if (!ipaddr.isValid(bare)) return undefined;
  return ipaddr.parse(bare);
}

/**
 * Why an address may not be contacted, or undefined when it is an ordinary public unicast
 * address. The range names are ipaddr.js's (loopback, private, linkLocal, uniqueLocal,
 * carrierGradeNat, multicast, unspecified, broadcast, reserved, ...), plus `metadata` and
 * `ipv4Compatible`. IPv6 forms that embed an IPv4 address (mapped, NAT64, SIIT, 6to4) are
 * judged by the IPv4 address they carry.
 */
export function refusedRange(address: IpAddress): string | undefined {
  if (isMetadataAddress(address)) return 'metadata';
  if (address.kind() === 'ipv4') {
    const range = (address as ipaddr.IPv4).range();
    return range === 'unicast' ? undefined : range;
  }
  const v6 = address as ipaddr.IPv6;
  const embedded = embeddedIpv4(v6);
  if (embedded) {
    const inner = refusedRange(embedded);
    return inner && `${v6.range()}:${inner}`;
  }
  const range = v6.range();
  if (range !== 'unicast') return range;
  return v6.match(IPV4_COMPATIBLE) ? 'ipv4Compatible' : undefined;
}

/** The cloud metadata services, in any IPv6 form that carries their IPv4 address too. */
export function isMetadataAddress(address: IpAddress): boolean {
  if (METADATA.includes(address.toNormalizedString())) return true;
  const embedded = address.kind() === 'ipv6' ? embeddedIpv4(address as ipaddr.IPv6) : undefined;
  return embedded !== undefined && METADATA.includes(embedded.toNormalizedString());
}

/** The IPv4 address an IPv6 transition form delivers to, when it has a fixed place for one. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  const range = address.range();
  const p = address.parts;
  const fromParts = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  if (range === 'rfc6145') return fromParts(p[6], p[7]); // ::ffff:0:a.b.c.d
  if (range === 'rfc6052' && address.match(NAT64_WELL_KNOWN)) return fromParts(p[6], p[7]);
  if (range === '6to4') return fromParts(p[1], p[2]); // 2002:AABB:CCDD::/48
  return undefined;
}
