import { applyDecorators, Type as ClassType } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Page, ValidationFailedError } from '@switchyard/core';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=` on every list endpoint. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50, description: 'Items per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export class PageMeta {
  @ApiProperty({
    example: 'WyJjcmVhdGVkQXQiLCIyMDI2LTExLTIyVDEwOjE1OjAwLjAwMDAwMFoiXQ',
    nullable: true,
    type: String,
    description: 'Pass as `cursor` to get the next page; null on the last page',
  })
  nextCursor: string | null;
}

/**
 * Keyset cursors: the sort values of the last item, opaque to clients. Pages stay stable
 * under inserts and cost the same at any depth.
 */
export function encodeCursor(values: Array<string | number | null>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): Array<string | number | null> {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => v === null || typeof v === 'number' || (typeof v === 'string' && !v.includes('\0')))
    ) {
      return values as Array<string | number | null>;
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationFailedError([{ field: 'cursor', message: 'is not a cursor returned by this endpoint' }]);
}

/**
 * SQL for a timestamp column as an exact cursor value (ISO-8601 UTC with microseconds). Select it
 * beside the row and put it in the cursor instead of the row's Date: a JS Date keeps only
 * milliseconds, so `(created_at, id) > (date, id)` would repeat rows (ascending) or skip them
 * (descending) whenever several rows share a millisecond.
 */
export function exactTimestamp(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** A column a list can be sorted by, and the SQL type its cursor value is compared as. */
export interface SortColumn {
  column: string;
  type: 'timestamptz' | 'text';
}

/** The SQL pieces of a keyset-paginated list with a choice of sorts. */
export interface KeysetSort {
  /** `order by` clause body: the sort column, then the id, in the chosen direction. */
  orderBy: string;
  /** The same order as [column, direction] pairs, for a QueryBuilder's `addOrderBy`. */
  orderKeys: Array<[column: string, direction: 'ASC' | 'DESC']>;
  /** Select this `as cursor_value`: the exact sort value (timestamps with their microseconds). */
  cursorValue: string;
  /** The condition for the rows after `cursor` ($n placeholders); pushes its values onto `params`. */
  after(cursor: string, params: unknown[]): string;
  /** The same condition for a QueryBuilder: named parameters `:keysetValue` and `:keysetId`. */
  afterNamed(cursor: string): { condition: string; parameters: { keysetValue: string | number | null; keysetId: string | number | null } };
  /** The next cursor's values, from the last row of a page. */
  cursorOf(row: { cursor_value: string; id: string }): string[];
}

/**
 * Keyset pagination over `sort`, a key of `columns` with a `-` prefix for descending, with
 * `idColumn` breaking ties. The cursor names the sort it was made for: one made for another
 * sort is refused rather than misread.
 */
export function keysetSort(sort: string, columns: Record<string, SortColumn>, idColumn: string): KeysetSort {
  const descending = sort.startsWith('-');
  const { column, type } = columns[descending ? sort.slice(1) : sort];
  const direction = descending ? 'desc' : 'asc';
  const valuesAfter = (cursor: string) => {
    const [madeFor, value, id] = decodeCursor(cursor, 3);
    if (madeFor !== sort) throw new ValidationFailedError([{ field: 'cursor', message: 'was made for another sort order' }]);
    return { value, id };
  };
  const comparison = descending ? '<' : '>';
  return {
    orderBy: `${column} ${direction}, ${idColumn} ${direction}`,
    orderKeys: [
      [column, descending ? 'DESC' : 'ASC'],
      [idColumn, descending ? 'DESC' : 'ASC'],
    ],
    cursorValue: type === 'timestamptz' ? exactTimestamp(column) : column,
    after(cursor, params) {
      const { value, id } = valuesAfter(cursor);
      return `(${column}, ${idColumn}) ${comparison} ($${params.push(value)}::${type}, $${params.push(id)}::uuid)`;
    },
    afterNamed(cursor) {
      const { value, id } = valuesAfter(cursor);
      return { condition: `(${column}, ${idColumn}) ${comparison} (:keysetValue::${type}, :keysetId::uuid)`, parameters: { keysetValue: value, keysetId: id } };
    },
    cursorOf: (row) => [sort, row.cursor_value, row.id],
  };
}

/** Fetch limit + 1 rows, then call this: it trims the extra row and builds the next cursor. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (last: T) => Array<string | number | null>): Page<T> {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  return { items, nextCursor: hasMore ? encodeCursor(cursorOf(items[items.length - 1])) : null };
}

/** Documents `{ items: Model[], nextCursor }`. */
export const ApiPageResponse = (model: ClassType<unknown>, description = 'One page of results') =>
  applyDecorators(
    ApiExtraModels(PageMeta, model),
    ApiOkResponse({
      description,
      schema: {
        allOf: [
          { $ref: getSchemaPath(PageMeta) },
          { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { $ref: getSchemaPath(model) } } } },
        ],
      },
    }),
  );
