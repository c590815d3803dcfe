import { EntityManager } from 'typeorm';

/**
 * Runs parameterised SQL and returns its rows. TypeORM answers UPDATE and DELETE with
 * `[rows, rowCount]` instead of the rows; this evens that out so RETURNING works the same for
 * every statement.
 */
export async function queryRows<T>(manager: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
