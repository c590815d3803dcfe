import { Logger } from '@nestjs/common';
import { Lookup, OutboundGate } from './outbound-gate';
import { OutboundRefusedError, OutboundUnreachableError } from './outbound-error';

/** Names answered from this table: no DNS server is ever asked. */
function fakeLookup(table: Record<string, string[]>): Lookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = async (host: string) => {
    asked.push(host);
    const answers = table[host];
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { asked });
}

describe('OutboundGate address policy', () => {
  beforeAll(() => Logger.overrideLogger(false));

  const names = {
    'public.example': ['93.184.216.34'],
    'public6.example': ['2606:4700::1111'],
    'sneaky.example': ['10.1.2.3'],
    'mixed.example': ['93.184.216.34', '127.0.0.1'],
    'metadata.example': ['169.254.169.254'],
    'mapped.example': ['::ffff:10.0.0.1'],
    'git.corp.internal': ['10.20.30.40'],
    'ci.build.corp': ['192.168.1.20'],
  };

  const refusedHosts: Array<[string, string]> = [
    ['127.0.0.1', 'loopback'],
    ['127.1', 'loopback'],
    ['127.0.1', 'loopback'],
    ['2130706433', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['0x7F000001', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0177.0x0.0.01', 'loopback'],
    ['127.0.0.1.', 'loopback'],
    ['[::1]', 'loopback'],
    ['::1', 'loopback'],
    ['[::ffff:127.0.0.1]', 'ipv4Mapped:loopback'],
    ['::ffff:127.0.0.1', 'ipv4Mapped:loopback'],
    ['[::ffff:7f00:1]', 'ipv4Mapped:loopback'],
    ['[::7f00:1]', 'ipv4Compatible'],
    ['[64:ff9b::7f00:1]', 'rfc6052:loopback'],
    ['[64:ff9b::a00:1]', 'rfc6052:private'],
    ['[::ffff:0:7f00:1]', 'rfc6145:loopback'],
    ['[2002:7f00:1::]', '6to4:loopback'],
    ['[2002:a9fe:101::1]', '6to4:linkLocal'],
    ['[2002:a9fe:a9fe::1]', 'metadata'],
    ['[2001::1]', 'teredo'],
    ['0.0.0.0', 'unspecified'],
    ['0', 'unspecified'],
    ['[::]', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['169.254.1.1', 'linkLocal'],
    ['169.254.169.254', 'metadata'],
    ['0xa9fea9fe', 'metadata'],
    ['[::ffff:169.254.169.254]', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['[fd00:ec2::254]', 'metadata'],
    ['[fd00::1]', 'uniqueLocal'],
    ['[fc00::1]', 'uniqueLocal'],
    ['[fe80::1]', 'linkLocal'],
    ['[fe80::1%25eth0]', 'linkLocal'],
    ['224.0.0.1', 'multicast'],
    ['[ff02::1]', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['[2001:db8::1]', 'reserved'],
    ['localhost', 'localhost'],
    ['LOCALHOST.', 'localhost'],
    ['api.localhost', 'localhost'],
  ];

  it.each(refusedHosts)('refuses %s (%s) without asking any resolver', async (host, range) => {
    const lookup = fakeLookup(names);
    const gate = new OutboundGate({ lookup });
    expect(gate.checkHost(host.replace('%25', '%'))).toEqual({ ok: false, range });
    const refusal = await gate.resolve(host.replace('%25', '%')).catch((error) => error);
    expect(refusal).toBeInstanceOf(OutboundRefusedError);
    expect(refusal).toMatchObject({ code: 'COMMON.OUTBOUND_REFUSED', range });
    expect(refusal.message).toBe(`The host ${host.replace('%25', '%')} is refused by the outbound policy`);
    expect(lookup.asked).toEqual([]);
  });

  it('judges what a name resolves to: every answer must be allowed', async () => {
    const gate = new OutboundGate({ lookup: fakeLookup(names) });
    for (const [host, range] of [
      ['sneaky.example', 'private'],
      ['mixed.example', 'loopback'],
      ['metadata.example', 'metadata'],
      ['mapped.example', 'ipv4Mapped:private'],
    ]) {
      expect(gate.checkHost(host)).toEqual({ ok: true }); // a name passes input validation...
      await expect(gate.resolve(host)).rejects.toMatchObject({ code: 'COMMON.OUTBOUND_REFUSED', range }); // ...and is stopped at call time
    }
  });

  it('allows public addresses and names, and returns the address to pin', async () => {
    const gate = new OutboundGate({ lookup: fakeLookup(names) });
    await expect(gate.resolve('public.example')).resolves.toEqual({ host: 'public.example', address: '93.184.216.34', family: 4 });
    await expect(gate.resolve('Public6.Example.')).resolves.toEqual({ host: 'public6.example', address: '2606:4700::1111', family: 6 });
    await expect(gate.resolve('8.8.8.8')).resolves.toMatchObject({ address: '8.8.8.8', family: 4 });
    await expect(gate.resolve('134744072')).resolves.toMatchObject({ address: '8.8.8.8' }); // 8.8.8.8 in decimal
    await expect(gate.resolve('[::ffff:8.8.8.8]')).resolves.toMatchObject({ family: 6 });
    await expect(gate.resolve('[64:ff9b::808:808]')).resolves.toMatchObject({ family: 6 }); // NAT64 of a public address
    expect(gate.checkHost('github.com')).toEqual({ ok: true });
  });

  it('lets the operator allow internal hosts by name, wildcard or CIDR, but never the metadata addresses', async () => {
    const gate = new OutboundGate({
      lookup: fakeLookup(names),
      allowedHosts: ['git.corp.internal', '*.build.corp', '172.16.0.0/12', '127.0.0.2', '169.254.0.0/16'],
    });
    await expect(gate.resolve('git.corp.internal')).resolves.toMatchObject({ address: '10.20.30.40' });
    await expect(gate.resolve('ci.build.corp')).resolves.toMatchObject({ address: '192.168.1.20' });
    await expect(gate.resolve('172.20.0.5')).resolves.toMatchObject({ address: '172.20.0.5' });
    await expect(gate.resolve('[::ffff:172.20.0.5]')).resolves.toMatchObject({ family: 6 });
    await expect(gate.resolve('127.0.0.2')).resolves.toMatchObject({ address: '127.0.0.2' });
    expect(gate.checkHost('169.254.1.1')).toEqual({ ok: true });
    // Not on the list: still refused.
    await expect(gate.resolve('sneaky.example')).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(gate.resolve('127.0.0.1')).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(gate.resolve('10.20.30.40')).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(gate.resolve('169.254.169.254')).rejects.toMatchObject({ range: 'metadata' });
    await expect(gate.resolve('metadata.example')).rejects.toMatchObject({ range: 'metadata' });
  });

  it('answers an unresolvable name with a tenant-safe message and keeps the resolver text for the log', async () => {
    const gate = new OutboundGate({ lookup: fakeLookup(names) });
    const error = await gate.resolve('nowhere.example').catch((e) => e);
    expect(error).toBeInstanceOf(OutboundUnreachableError);
    expect(error).toMatchObject({ code: 'COMMON.OUTBOUND_UNREACHABLE', message: 'Could not reach the host nowhere.example' });
    expect(error.internalDetail).toMatch(/ENOTFOUND/);
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toMatch(/ENOTFOUND|getaddrinfo/);
  });

  it('bounds name resolution in time', async () => {
    const gate = new OutboundGate({ lookup: () => new Promise(() => undefined), resolveTimeoutMs: 20 });
    await expect(gate.resolve('slow.example')).rejects.toMatchObject({ code: 'COMMON.OUTBOUND_UNREACHABLE', message: 'Could not reach the host slow.example' });
  });
});
