import { ConfigurationError, readSettings } from '@switchyard/config';
import { outboundConfig } from './outbound.config';

function read(value?: string) {
  return readSettings(outboundConfig.declaration, value === undefined ? {} : { OUTBOUND_ALLOWED_HOSTS: value });
}

describe('OUTBOUND_ALLOWED_HOSTS', () => {
  it('reads names, wildcards, addresses and CIDRs', () => {
    expect(read().allowedHosts).toEqual([]);
    expect(read(' Git.Corp.Example, *.build.corp,10.0.0.0/8, 192.168.1.20 ,fd00::/8,[::1]').allowedHosts).toEqual([
      'git.corp.example',
      '*.build.corp',
      '10.0.0.0/8',
      '192.168.1.20',
      'fd00::/8',
      '[::1]',
    ]);
  });

  it('refuses anything else, naming the bad entries', () => {
    let problems: string[] = [];
    try {
      read('git.corp, http://x, 10.0.0.0/40, a b');
    } catch (error) {
      if (error instanceof ConfigurationError) problems = error.problems;
    }
    expect(problems).toEqual([expect.stringMatching(/^OUTBOUND_ALLOWED_HOSTS must list .* \(bad: http:\/\/x, 10\.0\.0\.0\/40, a b\)$/)]);
  });
});
