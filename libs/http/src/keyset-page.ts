import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Page } from '@switchyard/core';
import { decodeCursor, exactTimestamp, toPage } from './pagination';

export interface KeysetPageQuery {
  limit: number;
  cursor?: string;
  /** Oldest first (ASC) or newest first (DESC). */
  order: 'ASC' | 'DESC';
}

const CURSOR_AT = 'keyset_cursor_at';

/**
 * One page of a QueryBuilder list in `(created_at, id)` keyset order on the builder's main alias:
 * orders, applies the cursor, fetches limit + 1 rows in one round trip and builds the next cursor
 * from the exact (microsecond) timestamp of the last row. The caller adds its tenant filter and
 * other conditions first, then maps each entity.
 */
export async function keysetPage<E extends ObjectLiteral & { id: string }, T>(
  builder: SelectQueryBuilder<E>,
  query: KeysetPageQuery,
  map: (entity: E) => T,
): Promise<Page<T>> {
  const { entities, raw } = await applyKeyset(builder, query).getRawAndEntities<Record<string, unknown>>();
  // One raw row per entity: these lists join no to-many relation.
  const rows = entities.map((entity, index) => ({ entity, cursorAt: raw[index][CURSOR_AT] as string }));
  const page = toPage(rows, query.limit, (last) => [last.cursorAt, last.entity.id]);
  return { items: page.items.map((row) => map(row.entity)), nextCursor: page.nextCursor };
}

/**
 * The same page as raw rows (`builder.select([...])` names the columns; a row's keys are
 * `<alias>_<column>`), for joined lists: hydrating 50 memberships with their users as entities
 * cost 1.6 ms of node CPU against 0.5 ms for the raw rows (measured on this machine).
 */
export async function keysetRawPage<R extends Record<string, unknown>, T>(
  builder: SelectQueryBuilder<ObjectLiteral>,
  query: KeysetPageQuery,
  map: (row: R) => T,
): Promise<Page<T>> {
  const rows = await applyKeyset(builder, query).getRawMany<R & { [CURSOR_AT]: string }>();
  const idKey = `${builder.alias}_id`;
  const page = toPage(rows, query.limit, (last) => [last[CURSOR_AT], last[idKey] as string]);
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}

function applyKeyset<E extends ObjectLiteral>(builder: SelectQueryBuilder<E>, query: KeysetPageQuery): SelectQueryBuilder<E> {
  const createdAt = `${builder.alias}.created_at`;
  const id = `${builder.alias}.id`;
  builder
    .addSelect(exactTimestamp(createdAt), CURSOR_AT)
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
  return builder;
}
