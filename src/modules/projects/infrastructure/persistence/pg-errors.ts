import { QueryFailedError } from 'typeorm';

/** The constraint a unique (23505) or foreign-key (23503) violation names, if that is what `error` is. */
export function violatedConstraint(error: unknown, sqlState: '23505' | '23503'): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver?.code === sqlState ? driver.constraint : undefined;
}
