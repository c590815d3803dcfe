import { checkCloneUrl, cloneUrlHost, isValidBranchName } from './repository';

describe('clone URL policy', () => {
  it.each([
    ['https://github.com/acme/api.git', 'https'],
    ['ssh://git@github.com/acme/api.git', 'ssh'],
    ['ssh://git@example.com:2222/acme/api.git', 'ssh'],
    ['git@github.com:acme/api.git', 'ssh'],
  ])('accepts %s', (url, transport) => {
    expect(checkCloneUrl(url, false)).toEqual({ ok: true, transport });
  });

  it('accepts file:// only when local repositories are allowed', () => {
    expect(checkCloneUrl('file:///srv/git/api', false)).toMatchObject({ ok: false, reason: expect.stringContaining('ALLOW_LOCAL_REPOSITORIES') });
    expect(checkCloneUrl('file:///srv/git/api', true)).toEqual({ ok: true, transport: 'file' });
    expect(checkCloneUrl('file://host/srv/git/api', true)).toMatchObject({ ok: false });
  });

  it.each([
    'http://github.com/acme/api.git',
    'git://github.com/acme/api.git',
    'ext::sh -c id',
    'fd::3',
    '--upload-pack=id',
    '-oProxyCommand=id',
    'https://user:secret@github.com/acme/api.git',
    'https://github.com/',
    'git@github.com:acme/api.git\n--upload-pack=id',
    'ssh://-oProxyCommand=id/x',
    '',
  ])('refuses %j', (url) => {
    expect(checkCloneUrl(url, true).ok).toBe(false);
  });
});

describe('branch names', () => {
  it.each(['main', 'feature/login', 'release-1.2', 'user/jo/fix_3'])('accepts %s', (name) => expect(isValidBranchName(name)).toBe(true));
  it.each(['', '-x', 'a..b', 'a b', 'x.lock', 'x/', '/x', '.hidden', 'a/.b', 'a@{1}', 'a~1', 'a^', 'a:b', 'a?', 'a*', 'a[', 'a\\b', 'a\u0001'])(
    'refuses %j',
    (name) => expect(isValidBranchName(name)).toBe(false),
  );
});

describe('cloneUrlHost', () => {
  it.each([
    ['https://github.com/acme/api.git', 'github.com'],
    ['https://0x7f000001:3103/a/b.git', '127.0.0.1'], // the URL parser already normalises https hosts
    ['https://[::1]:5432/a/b', '[::1]'],
    ['ssh://git@0x7f000001:22/a/b.git', '0x7f000001'], // ...but not ssh ones: the gate reads every spelling
    ['git@127.0.0.1:acme/api.git', '127.0.0.1'],
    ['git@gitlab.example.com:acme/api.git', 'gitlab.example.com'],
    ['file:///srv/repos/x', undefined],
  ])('%s names %s', (url, host) => expect(cloneUrlHost(url)).toBe(host));
});
