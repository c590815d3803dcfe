import { mismatches, normalizeCapabilities } from './agent';

describe('capability matching', () => {
  const caps = normalizeCapabilities({ languages: ['TypeScript', 'go'], taskTypes: ['bug', 'task'], labels: ['Backend'] });

  it('normalizes capabilities (lower case, trimmed, unique)', () => {
    expect(normalizeCapabilities({ languages: [' Go', 'go', ''], labels: undefined })).toEqual({ languages: ['go'], taskTypes: [], labels: [] });
  });

  it('matches type, required labels and languages', () => {
    expect(mismatches(caps, { id: 't', type: 'bug', labels: ['backend', 'urgent'] })).toEqual([]);
    expect(mismatches(caps, { id: 't', type: 'bug', labels: ['BACKEND', 'lang:go'] })).toEqual([]);
    expect(mismatches(caps, { id: 't', type: 'story', labels: ['backend'] })).toEqual(['type story is not one of bug, task']);
    expect(mismatches(caps, { id: 't', type: 'bug', labels: [] })).toEqual(['labels missing: backend']);
    expect(mismatches(caps, { id: 't', type: 'bug', labels: ['backend', 'lang:rust'] })).toEqual(['languages rust not spoken (speaks typescript, go)']);
  });

  it('empty capability lists accept anything', () => {
    expect(mismatches(normalizeCapabilities({}), { id: 't', type: 'epic', labels: ['lang:cobol', 'x'] })).toEqual([]);
  });
});
