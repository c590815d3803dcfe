/**
 * One page of a keyset-paginated list. Pure, so application ports can return it; the HTTP side
 * (cursors, query DTO, OpenAPI) lives in libs/http's pagination.
 */
export interface Page<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}
