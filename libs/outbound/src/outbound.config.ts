import { defineSettings } from '@switchyard/config';
import * as ipaddr from 'ipaddr.js';

/** The outbound gate's settings, checked at boot with the rest. */
export const outboundConfig = defineSettings({
  area: 'outbound',
  variables: {
    OUTBOUND_ALLOWED_HOSTS: {
      default: '—',
      meaning:
        'hosts outbound calls may reach although they sit on a refused network (an internal git server): host names, `*.suffix` wildcards, IP addresses or CIDRs, comma-separated',
    },
  },
  parse: (read) => ({ allowedHosts: allowedHosts(read.string('OUTBOUND_ALLOWED_HOSTS'), read.problems) }),
});

function allowedHosts(raw: string | undefined, problems: string[]): string[] {
  const entries = (raw ?? '')
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  const bad = entries.filter((entry) => !isHostPattern(entry) && !isIpOrCidr(entry));
  if (bad.length)
    problems.push(`OUTBOUND_ALLOWED_HOSTS must list host names, *.suffix wildcards, IP addresses or CIDRs separated by commas (bad: ${bad.join(', ')})`);
  return entries.filter((entry) => !bad.includes(entry));
}

function isHostPattern(entry: string): boolean {
  return /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry) && !/^[0-9.]+$/.test(entry);
}

function isIpOrCidr(entry: string): boolean {
  const address = entry.replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValidCIDR(address) || ipaddr.isValid(address);
}
