import { decadeKey, decadeRange, decadesBetween } from "../shared/decade.js";
import type { SeasonPlan } from "./season-plan.js";

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;

/**
 * Each user's planned gross requirement over a period of days (a decade, a day, any span): every
 * decade of the plan counts in proportion to the days of it the period covers. A decade outside the
 * plan counts nothing.
 */
export function plannedDemandInPeriod(
  plan: Pick<SeasonPlan, "decades" | "users">,
  fromDay: string,
  toDay: string,
): Map<string, number> {
  const column = new Map(plan.decades.map((key, i) => [key, i]));
  const shares: [number, number][] = [];
  for (const decade of decadesBetween(fromDay, toDay)) {
    const i = column.get(decadeKey(decade));
    if (i === undefined) continue;
    const { first, last, days } = decadeRange(decade);
    const covered =
      Math.min(dayNumber(last), dayNumber(toDay)) - Math.max(dayNumber(first), dayNumber(fromDay)) + 1;
    if (covered > 0) shares.push([i, covered / days]);
  }
  return new Map(
    plan.users.map((u) => [u.waterUserId, shares.reduce((sum, [i, part]) => sum + u.grossM3[i]! * part, 0)]),
  );
}
