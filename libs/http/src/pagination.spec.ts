import { ValidationFailedError } from '@switchyard/core';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { decodeCursor, encodeCursor, keysetSort, PageQuery, toPage } from './pagination';

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.fieldErrors!.map((e) => e.field);
    throw error;
  }
  return [];
}

describe('cursor pagination', () => {
  it('round-trips cursor values', () => {
    const values = ['2026-01-01T00:00:00.000Z', 'c0ffee00-0000-4000-8000-000000000000', 42, null];
    const cursor = encodeCursor(values);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 4)).toEqual(values);
  });

  it.each([
    ['not base64 JSON', 'garbage!!'],
    ['empty', ''],
    ['JSON but not an array', Buffer.from('{"a":1}').toString('base64url')],
    ['wrong arity', encodeCursor(['a'])],
    ['nested values', Buffer.from('[{"a":1},"x"]').toString('base64url')],
    ['booleans', Buffer.from('[true,"x"]').toString('base64url')],
    // PostgreSQL text cannot hold U+0000: bound as a parameter it failed the list with a 500.
    ['a U+0000 in a value', encodeCursor(['2026-01-01T00:00:00.000Z\u0000', 'x'])],
  ])('refuses %s as a 400 naming the cursor', (_, cursor) => {
    expect(fieldsOf(() => decodeCursor(cursor, 2))).toEqual(['cursor']);
  });

  it('trims the extra row and points the cursor at the last item kept', () => {
    const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];
    const page = toPage(rows, 2, (last) => [last.id]);
    expect(page.items).toEqual([{ id: 1 }, { id: 2 }]);
    expect(decodeCursor(page.nextCursor!, 1)).toEqual([2]);
    expect(toPage(rows, 3, (last) => [last.id])).toEqual({ items: rows, nextCursor: null });
    expect(toPage([], 3, () => [])).toEqual({ items: [], nextCursor: null });
  });
});

describe('keysetSort', () => {
  const columns = { createdAt: { column: 't.created_at', type: 'timestamptz' as const }, name: { column: 't.name', type: 'text' as const } };

  it('orders by the column then the id, and reads timestamps exactly for the cursor', () => {
    const ascending = keysetSort('createdAt', columns, 't.id');
    expect(ascending.orderBy).toBe('t.created_at asc, t.id asc');
    expect(ascending.cursorValue).toContain('HH24:MI:SS.US');
    expect(keysetSort('-name', columns, 't.id')).toMatchObject({ orderBy: 't.name desc, t.id desc', cursorValue: 't.name' });
  });

  it('puts the sort, the exact value and the id in the cursor, and continues after them', () => {
    const sort = keysetSort('-createdAt', columns, 't.id');
    const cursor = encodeCursor(sort.cursorOf({ cursor_value: '2025-03-01T10:00:00.123456Z', id: 'c0ffee00-0000-4000-8000-000000000000' }));
    const params: unknown[] = ['org'];
    expect(sort.after(cursor, params)).toBe('(t.created_at, t.id) < ($2::timestamptz, $3::uuid)');
    expect(params).toEqual(['org', '2025-03-01T10:00:00.123456Z', 'c0ffee00-0000-4000-8000-000000000000']);
  });

  it('says the same order and condition in QueryBuilder form (named parameters)', () => {
    const sort = keysetSort('-createdAt', columns, 't.id');
    expect(sort.orderKeys).toEqual([
      ['t.created_at', 'DESC'],
      ['t.id', 'DESC'],
    ]);
    expect(keysetSort('name', columns, 't.id').orderKeys).toEqual([
      ['t.name', 'ASC'],
      ['t.id', 'ASC'],
    ]);
    const cursor = encodeCursor(sort.cursorOf({ cursor_value: '2025-03-01T10:00:00.123456Z', id: 'c0ffee00-0000-4000-8000-000000000000' }));
    expect(sort.afterNamed(cursor)).toEqual({
      condition: '(t.created_at, t.id) < (:keysetValue::timestamptz, :keysetId::uuid)',
      parameters: { keysetValue: '2025-03-01T10:00:00.123456Z', keysetId: 'c0ffee00-0000-4000-8000-000000000000' },
    });
    expect(fieldsOf(() => keysetSort('name', columns, 't.id').afterNamed(cursor))).toEqual(['cursor']);
  });

  it('refuses a cursor made for another sort', () => {
    const cursor = encodeCursor(['name', 'x', 'c0ffee00-0000-4000-8000-000000000000']);
    expect(fieldsOf(() => keysetSort('-name', columns, 't.id').after(cursor, []))).toEqual(['cursor']);
  });
});

describe('PageQuery', () => {
  const validate = (query: Record<string, unknown>) => {
    const instance = plainToInstance(PageQuery, query);
    return { instance, errors: validateSync(instance).map((e) => e.property) };
  };

  it('defaults to 50 items and converts the query string', () => {
    expect(validate({}).instance.limit).toBe(50);
    expect(validate({ limit: '7' })).toEqual({ instance: expect.objectContaining({ limit: 7 }), errors: [] });
  });

  it.each([['0'], ['101'], ['abc'], ['2.5']])('refuses limit=%s', (limit) => {
    expect(validate({ limit }).errors).toEqual(['limit']);
  });

  it('refuses an over-long cursor', () => {
    expect(validate({ cursor: 'x'.repeat(1001) }).errors).toEqual(['cursor']);
  });
});
