import { DomainError } from "../shared/errors.js";

/** A season's days, as a turn's day is held against them. */
export interface SeasonDays {
  name: string;
  startsOn: string;
  endsOn: string;
}

/**
 * Why a turn on `day` (the water provider's calendar day) cannot be entered: a turn is billed with
 * the season that holds its day (billing reads each season's own days), so one on a day no season
 * holds would never be billed, nor shown in any season's balance. The refusal is at the turn's
 * start and names the nearest season's days, or says none is open yet; null when a season holds
 * the day. One rule for the service and the phone, which says so before the turn is queued.
 */
export function turnDayRefusal(seasons: readonly SeasonDays[], day: string): DomainError | null {
  if (seasons.some((s) => s.startsOn <= day && day <= s.endsOn)) return null;
  const daysFrom = (s: SeasonDays) =>
    Math.abs(Date.parse(day < s.startsOn ? s.startsOn : s.endsOn) - Date.parse(day));
  const nearest = [...seasons].sort((a, b) => daysFrom(a) - daysFrom(b))[0];
  if (!nearest)
    return new DomainError("water.turnWithoutSeason", { date: day }, [
      { path: ["startedAt"], code: "noSeason", params: { date: day } },
    ]);
  const days = { date: day, from: nearest.startsOn, to: nearest.endsOn };
  return new DomainError("water.turnOutsideSeason", { ...days, season: nearest.name }, [
    { path: ["startedAt"], code: "outsideSeason", params: days },
  ]);
}
