// A record's address names it by its id: ids are UUIDs throughout.
const RECORD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Where a page goes when the organisation the session acts for changes under it: a record's page
 * (its id in the path) to its section's list, any other page stays, both without the query string,
 * whose filters name the organisation left (its posts, seasons, villages); a section the new
 * organisation does not show to its home. `sections` are the navigation's pages, `shown` those
 * shown in the new organisation.
 */
export function pageAfterSwitch(
  pathname: string,
  sections: readonly string[],
  shown: readonly string[],
): string {
  const section = sections
    .filter((s) => s !== "/" && (pathname === s || pathname.startsWith(`${s}/`)))
    .reduce<string | null>((longest, s) => (longest && longest.length >= s.length ? longest : s), null);
  if (section === null || !shown.includes(section)) return "/";
  return pathname.split("/").some((segment) => RECORD_ID.test(segment)) ? section : pathname;
}
