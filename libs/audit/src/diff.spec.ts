import { diffRecords } from './diff';

describe('diffRecords', () => {
  it('a create has only `to`', () => {
    expect(diffRecords(null, { name: 'Acme', tier: 'free' })).toEqual({ name: { to: 'Acme' }, tier: { to: 'free' } });
  });

  it('a delete has only `from`', () => {
    expect(diffRecords({ name: 'Acme' }, undefined)).toEqual({ name: { from: 'Acme' } });
  });

  it('an update lists only changed fields, with both sides', () => {
    expect(diffRecords({ name: 'A', tier: 'free', settings: { x: 1 } }, { name: 'B', tier: 'free', settings: { x: 1 } })).toEqual({
      name: { from: 'A', to: 'B' },
    });
    expect(diffRecords({ role: 'member' }, { role: 'admin', extra: 1 })).toEqual({ role: { from: 'member', to: 'admin' }, extra: { from: null, to: 1 } });
  });

  it('never records secrets, nor timestamps and versions that change on every write', () => {
    const changes = diffRecords(null, {
      id: '1',
      passwordHash: 'h',
      secretHash: Buffer.from('s'),
      tokenHash: Buffer.from('t'),
      token: 't',
      secret: 's',
      password: 'p',
      credentials: { a: 1 },
      createdAt: new Date(),
      updatedAt: new Date(),
      version: 3,
    });
    expect(changes).toEqual({ id: { to: '1' } });
  });

  it('normalizes dates, buffers and undefined', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(diffRecords({ at: new Date(at) }, { at })).toEqual({});
    expect(diffRecords(null, { at, blob: Buffer.from('x') })).toEqual({ at: { to: '2026-01-01T00:00:00.000Z' }, blob: { to: '[binary]' } });
    expect(diffRecords({ a: null }, { a: undefined })).toEqual({});
  });

  it('treats objects with the same content in another key order as unchanged', () => {
    expect(diffRecords({ settings: { a: 1, b: { c: 2, d: 3 } } }, { settings: { b: { d: 3, c: 2 }, a: 1 } })).toEqual({});
    expect(diffRecords({ list: [1, 2] }, { list: [2, 1] })).toEqual({ list: { from: [1, 2], to: [2, 1] } });
  });
});
