import { type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "./db.js";

/**
 * Keyset paging: a query asks for one row more than the page; if it came, there is a next page,
 * and its cursor is the last row's key. Cheap at any depth, unlike OFFSET.
 */
export function keysetPage<T>(rows: T[], limit: number, cursorOf: (row: T) => string) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? cursorOf(items.at(-1)!) : null };
}

/** A page asked for by position: the list's first `offset` rows skipped, at most `limit` after. */
export interface OffsetPage {
  offset: number;
  limit: number;
}

/**
 * One page of a list and how many rows the whole list has, in one statement: a list that must be
 * computed whole to be ordered (grouped, screened) costs the same counted as not. A page past the
 * end has no row to carry the count, so only then is it counted on its own.
 */
export async function pageWithTotal<T>(
  executor: Executor,
  list: SQL,
  order: SQL,
  page: OffsetPage,
): Promise<{ items: T[]; total: number; offset: number; limit: number }> {
  const found = await rows<T & { total: number }>(
    executor,
    sql`select l.*, (count(*) over ())::int as total from (${list}) l
        order by ${order} limit ${page.limit} offset ${page.offset}`,
  );
  const total =
    found[0]?.total ??
    (page.offset === 0
      ? 0
      : ((await rows<{ total: number }>(executor, sql`select count(*)::int as total from (${list}) l`))[0]
          ?.total ?? 0));
  return { items: found.map(({ total: _, ...item }) => item as T), total, ...page };
}
