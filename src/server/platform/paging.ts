/**
 * Keyset paging: a query asks for one row more than the page; if it came, there is a next page,
 * and its cursor is the last row's key. Cheap at any depth, unlike OFFSET.
 */
export function keysetPage<T>(rows: T[], limit: number, cursorOf: (row: T) => string) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? cursorOf(items.at(-1)!) : null };
}
