import { QueryFailedError } from 'typeorm';

/**
 * The constraint a unique (23505) or foreign-key (23503) violation names, if that is what `error`
 * is: adapters turn it into the domain error the constraint stands for.
 */
export function violatedConstraint(error: unknown, sqlState: '23505' | '23503'): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driver = error.driverError as { code?: string; constraint?: string } | undefined;
  return driver?.code === sqlState ? driver.constraint : undefined;
}

/** An ILIKE pattern matching `text` anywhere, with `%`, `_` and `\` in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
