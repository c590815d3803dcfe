import { QueryFailedError } from 'typeorm';

/** The constraint a unique (23505) or foreign-key (23503) violation names, if that is what `error` is. */
export function violatedConstraint(error: unknown, sqlState: '23505' | '23503'): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driver = error.driverError as { code?: string; constraint?: string };
  return driver?.code === sqlState ? driver.constraint : undefined;
}

/**
 * TypeORM's raw query answers UPDATE and DELETE with `[rows, affectedCount]` and everything else
 * with the rows: this always gives the rows.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
