import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, exactTimestamp, Page, toPage } from './pagination';

export interface KeysetPageQuery {
  limit: number;
  cursor?: string;
  /** Oldest first (ASC) or newest first (DESC). */
  order: 'ASC' | 'DESC';
}

/**
 * One page of a QueryBuilder list in `(created_at, id)` keyset order, on the builder's main alias:
 * orders, applies the cursor, fetches limit + 1 rows in one round trip and builds the next cursor
 * from the exact (microsecond) timestamp of the last row. The caller adds its tenant filter and
 * other conditions first, and maps each entity (with its raw row, for joined or computed columns).
 */
export async function keysetPage<E extends ObjectLiteral & { id: string }, T>(
  builder: SelectQueryBuilder<E>,
  query: KeysetPageQuery,
  map: (entity: E, raw: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const createdAt = `${builder.alias}.created_at`;
  const id = `${builder.alias}.id`;
  builder
    .addSelect(exactTimestamp(createdAt), 'keyset_cursor_at')
    .orderBy(createdAt, query.order)
    .addOrderBy(id, query.order)
    .limit(query.limit + 1);
  if (query.cursor) {
    const [cursorAt, cursorId] = decodeCursor(query.cursor, 2);
    const after = query.order === 'ASC' ? '>' : '<';
    builder.andWhere(`(${createdAt}, ${id}) ${after} (:keysetCursorAt::timestamptz, :keysetCursorId::uuid)`, {
      keysetCursorAt: cursorAt,
      keysetCursorId: cursorId,
    });
  }
  // One raw row per entity: the lists this serves join at most one row per entity (no to-many joins).
  const { entities, raw } = await builder.getRawAndEntities<Record<string, unknown>>();
  const rows = entities.map((entity, index) => ({ entity, raw: raw[index] }));
  const page = toPage(rows, query.limit, (last) => [last.raw.keyset_cursor_at as string, last.entity.id]);
  return { items: page.items.map((row) => map(row.entity, row.raw)), nextCursor: page.nextCursor };
}
