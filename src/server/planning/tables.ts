import { sql } from "drizzle-orm";
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { EffectiveRainMethod } from "../../domain/planning/effective-rain.js";
import type { Et0 } from "../../domain/planning/et0.js";
import type { IrrigationMethod } from "../../domain/planning/requirement.js";
import type { SeasonPlan } from "../../domain/planning/season-plan.js";
import { cubicMetres, hectares, instant, tenantColumns } from "../platform/columns.js";

const day = (name: string) => date(name, { mode: "string" });

/** A weather station a WUA takes its climate from (its own, or a hydrometeorological one nearby). */
export const weatherStation = pgTable(
  "weather_station",
  {
    ...tenantColumns(),
    name: text("name").notNull(),
    latitudeDeg: doublePrecision("latitude_deg").notNull(),
    longitudeDeg: doublePrecision("longitude_deg").notNull(),
    altitudeM: doublePrecision("altitude_m").notNull(),
  },
  (t) => [uniqueIndex().on(t.orgId, t.name)],
);

/**
 * One day of weather as imported, converted to FAO-56's units (°C, %, m/s at 2 m, MJ m⁻² day⁻¹,
 * hours, mm), with the ET0 computed on import and how it was computed (method and the estimates).
 */
export const weatherDay = pgTable(
  "weather_day",
  {
    ...tenantColumns(),
    stationId: uuid("station_id")
      .notNull()
      .references(() => weatherStation.id),
    day: day("day").notNull(),
    tmaxC: real("tmax_c").notNull(),
    tminC: real("tmin_c").notNull(),
    tdewC: real("tdew_c"),
    rhMaxPct: real("rh_max_pct"),
    rhMinPct: real("rh_min_pct"),
    rhMeanPct: real("rh_mean_pct"),
    rsMJ: real("rs_mj"),
    sunshineHours: real("sunshine_hours"),
    /** Wind already brought to 2 m (FAO-56 Eq. 47). */
    wind2mMps: real("wind_2m_mps"),
    rainMm: real("rain_mm"),
    et0Mm: real("et0_mm").notNull(),
    et0Method: text("et0_method").$type<Et0["method"]>().notNull(),
    et0Sources: jsonb("et0_sources").$type<Et0["sources"]>().notNull(),
  },
  (t) => [uniqueIndex().on(t.stationId, t.day), index().on(t.orgId, t.stationId)],
);

export const NORMAL_ORIGINS = ["entered", "computed"] as const;
export type NormalOrigin = (typeof NORMAL_ORIGINS)[number];

/** Long-term monthly means of a station, for planning a season before (or without) daily data. */
export const climateNormal = pgTable(
  "climate_normal",
  {
    ...tenantColumns(),
    stationId: uuid("station_id")
      .notNull()
      .references(() => weatherStation.id),
    month: smallint("month").notNull(),
    et0MmPerDay: real("et0_mm_per_day").notNull(),
    /** The month's total rain (mm); null when the records held no month with every day's rain. */
    rainMm: real("rain_mm"),
    origin: text("origin").$type<NormalOrigin>().notNull(),
    /** How many daily records a computed normal rests on. */
    dayCount: integer("day_count"),
    /** Months (of different years) a computed normal rests on: those passing WMO's 3/5 rule. */
    yearCount: integer("year_count"),
    /** Months with every day's rain, which the rain normal rests on. */
    rainYearCount: integer("rain_year_count"),
    /** Mean wind at 2 m and RHmin, for FAO-56 Eq. 62 where no daily record covers a crop's stage. */
    wind2mMps: real("wind_2m_mps"),
    rhMinPct: real("rh_min_pct"),
  },
  (t) => [
    uniqueIndex().on(t.stationId, t.month),
    check("climate_normal_month", sql`${t.month} between 1 and 12`),
  ],
);

/** A WUA's own version of a reference crop: its planting date, stage lengths and Kc. */
export const cropAdjustment = pgTable(
  "crop_adjustment",
  {
    ...tenantColumns(),
    cropCode: text("crop_code").notNull(),
    /** MM-DD */
    typicalPlanting: text("typical_planting"),
    stagesDays: jsonb("stages_days")
      .$type<Partial<Record<"initial" | "development" | "mid" | "late", number>>>()
      .notNull(),
    kc: jsonb("kc").$type<Partial<Record<"initial" | "mid" | "end", number>>>().notNull(),
  },
  (t) => [uniqueIndex().on(t.orgId, t.cropCode)],
);

/** A water user's request (заявка на воду) for a season: what grows where. One per user and season. */
export const waterRequest = pgTable(
  "water_request",
  {
    ...tenantColumns(),
    seasonId: uuid("season_id").notNull(),
    waterUserId: uuid("water_user_id").notNull(),
    submittedOn: day("submitted_on").notNull(),
  },
  (t) => [uniqueIndex().on(t.seasonId, t.waterUserId), index().on(t.orgId, t.seasonId)],
);

/** One crop on one plot in a request. */
export const waterRequestLine = pgTable(
  "water_request_line",
  {
    id: uuid("id").primaryKey(),
    orgId: uuid("org_id").notNull(),
    requestId: uuid("request_id")
      .notNull()
      .references(() => waterRequest.id),
    plotId: uuid("plot_id").notNull(),
    cropCode: text("crop_code").notNull(),
    areaHa: hectares("area_ha").notNull(),
    plantingDate: day("planting_date").notNull(),
    irrigationMethod: text("irrigation_method").$type<IrrigationMethod>().notNull(),
  },
  (t) => [index().on(t.orgId, t.requestId), check("water_request_line_area", sql`${t.areaHa} > 0`)],
);

/**
 * A version of a season's water-use plan, frozen when made: the inputs it used (station, climate
 * source, rain method) and its result per decade per user, outlet, canal and at the head. Re-planning
 * makes a new version; earlier ones stay as they were.
 */
export const waterPlan = pgTable(
  "water_plan",
  {
    ...tenantColumns(),
    seasonId: uuid("season_id").notNull(),
    planNumber: integer("plan_number").notNull(),
    stationId: uuid("station_id")
      .notNull()
      .references(() => weatherStation.id),
    rainMethod: jsonb("rain_method").$type<EffectiveRainMethod>().notNull(),
    note: text("note"),
    madeBy: uuid("made_by").notNull(),
    madeAt: instant("made_at").notNull(),
    headTotalM3: cubicMetres("head_total_m3").notNull(),
    result: jsonb("result").$type<SeasonPlan>().notNull(),
  },
  (t) => [uniqueIndex().on(t.orgId, t.seasonId, t.planNumber)],
);
