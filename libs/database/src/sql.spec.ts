import { QueryFailedError } from 'typeorm';
import { containsPattern, violatedConstraint } from './sql';

describe('violatedConstraint', () => {
  const failure = (code: string, constraint: string) =>
    new QueryFailedError('insert into t values ($1)', ['x'], Object.assign(new Error('violation'), { code, constraint }));

  it('names the constraint of a unique or foreign-key violation of the asked kind', () => {
    expect(violatedConstraint(failure('23505', 'users_email_key'), '23505')).toBe('users_email_key');
    expect(violatedConstraint(failure('23503', 'projects_lead_fkey'), '23503')).toBe('projects_lead_fkey');
  });

  it('answers undefined for another kind of violation or another error', () => {
    expect(violatedConstraint(failure('23503', 'projects_lead_fkey'), '23505')).toBeUndefined();
    expect(violatedConstraint(new Error('users_email_key'), '23505')).toBeUndefined();
    expect(violatedConstraint(undefined, '23505')).toBeUndefined();
  });
});

describe('containsPattern', () => {
  it('matches anywhere and takes LIKE wildcards and the escape literally', () => {
    expect(containsPattern('pay')).toBe('%pay%');
    expect(containsPattern('100%_off\\')).toBe('%100\\%\\_off\\\\%');
  });
});
