import { type Locale, type LocalizedText, pickName } from "../places/units.js";

/**
 * Crops grown under Central Asian irrigation, with FAO-56 Table 11 stage lengths (days) and
 * Table 12 single crop coefficients and heights. One Table 11 row is chosen per crop for a
 * continental, mid-latitude climate like Kyrgyzstan's (row named in `stagesFrom`); where Table 12
 * prints a range, its midpoint is used. Reference data: a WUA adjusts planting dates and stage
 * lengths to its own (see `withOverrides`).
 */
export interface Crop {
  code: string;
  name: LocalizedText;
  stagesDays: { initial: number; development: number; mid: number; late: number };
  kc: { initial: number; mid: number; end: number };
  maxHeightM: number;
  /** Month and day of a typical planting, when a request gives none. */
  typicalPlanting: string; // MM-DD
  stagesFrom: string;
}

const crop = (c: Crop) => c;

export const CROPS: readonly Crop[] = [
  crop({
    code: "maize-grain",
    name: {
      ky: "Жүгөрү (дан)",
      ru: "Кукуруза на зерно",
      uz: "Маккажўхори (дон)",
      tg: "Ҷуворимакка (дона)",
      en: "Maize (grain)",
    },
    stagesDays: { initial: 30, development: 40, mid: 50, late: 50 },
    kc: { initial: 0.3, mid: 1.2, end: 0.475 },
    maxHeightM: 2,
    typicalPlanting: "04-25",
    stagesFrom: "Table 11: Maize (grain), April, Idaho USA; Table 12: Kc end 0.60/0.35 → 0.475",
  }),
  crop({
    code: "winter-wheat",
    name: {
      ky: "Күздүк буудай",
      ru: "Озимая пшеница",
      uz: "Кузги буғдой",
      tg: "Гандуми тирамоҳӣ",
      en: "Winter wheat",
    },
    stagesDays: { initial: 160, development: 75, mid: 75, late: 25 },
    kc: { initial: 0.4, mid: 1.15, end: 0.325 },
    maxHeightM: 1,
    typicalPlanting: "10-01",
    stagesFrom:
      "Table 11: Winter Wheat, October, Idaho USA (frozen soils); Table 12: winter wheat with frozen soils",
  }),
  crop({
    code: "spring-wheat",
    name: {
      ky: "Жаздык буудай",
      ru: "Яровая пшеница",
      uz: "Баҳорги буғдой",
      tg: "Гандуми баҳорӣ",
      en: "Spring wheat",
    },
    stagesDays: { initial: 20, development: 25, mid: 60, late: 30 },
    kc: { initial: 0.3, mid: 1.15, end: 0.325 },
    maxHeightM: 1,
    typicalPlanting: "04-01",
    stagesFrom: "Table 11: Barley/Oats/Wheat, March/Apr, 35–45° latitude",
  }),
  crop({
    code: "barley",
    name: { ky: "Арпа", ru: "Ячмень", uz: "Арпа", tg: "Ҷав", en: "Barley" },
    stagesDays: { initial: 20, development: 25, mid: 60, late: 30 },
    kc: { initial: 0.3, mid: 1.15, end: 0.25 },
    maxHeightM: 1,
    typicalPlanting: "04-01",
    stagesFrom: "Table 11: Barley/Oats/Wheat, March/Apr, 35–45° latitude",
  }),
  crop({
    code: "cotton",
    name: { ky: "Пахта", ru: "Хлопчатник", uz: "Пахта", tg: "Пахта", en: "Cotton" },
    stagesDays: { initial: 30, development: 50, mid: 55, late: 45 },
    kc: { initial: 0.35, mid: 1.175, end: 0.6 },
    maxHeightM: 1.35,
    typicalPlanting: "04-20",
    stagesFrom: "Table 11: Cotton, April, Texas; Table 12: Kc mid 1.15–1.20, end 0.70–0.50, h 1.2–1.5 m",
  }),
  crop({
    code: "potato",
    name: { ky: "Картошка", ru: "Картофель", uz: "Картошка", tg: "Картошка", en: "Potato" },
    stagesDays: { initial: 25, development: 30, mid: 45, late: 30 },
    kc: { initial: 0.5, mid: 1.15, end: 0.75 },
    maxHeightM: 0.6,
    typicalPlanting: "05-01",
    stagesFrom: "Table 11: Potato, May, Continental Climate",
  }),
  crop({
    code: "sugar-beet",
    name: {
      ky: "Кант кызылчасы",
      ru: "Сахарная свёкла",
      uz: "Қанд лавлаги",
      tg: "Лаблабуи қанд",
      en: "Sugar beet",
    },
    stagesDays: { initial: 50, development: 40, mid: 50, late: 40 },
    kc: { initial: 0.35, mid: 1.2, end: 0.7 },
    maxHeightM: 0.5,
    typicalPlanting: "04-10",
    stagesFrom: "Table 11: Sugarbeet, April, Idaho USA",
  }),
  crop({
    code: "alfalfa",
    name: { ky: "Беде", ru: "Люцерна", uz: "Беда", tg: "Юнучқа", en: "Alfalfa (hay)" },
    // A perennial cut several times a season: Table 12's averaged cutting effects go with Table 11's
    // total season (its mid and late stages "var.": the season runs from the last −4 °C in spring to
    // the first in autumn, here 1 April to 27 October), not with the first cutting cycle alone,
    // which would leave the field dry from mid-June.
    stagesDays: { initial: 10, development: 30, mid: 150, late: 20 },
    kc: { initial: 0.4, mid: 0.95, end: 0.9 },
    maxHeightM: 0.7,
    typicalPlanting: "04-01",
    stagesFrom:
      "Table 11: Alfalfa, total season (footnote 4: last to first −4 °C, taken as 1 April – 27 October); Table 12: hay, averaged cutting effects",
  }),
  crop({
    code: "beans-dry",
    name: {
      ky: "Төө буурчак (кургак)",
      ru: "Фасоль (зерно)",
      uz: "Ловия (дон)",
      tg: "Лӯбиё (дона)",
      en: "Beans (dry)",
    },
    stagesDays: { initial: 20, development: 30, mid: 40, late: 20 },
    kc: { initial: 0.4, mid: 1.15, end: 0.35 },
    maxHeightM: 0.4,
    typicalPlanting: "05-20",
    stagesFrom: "Table 11: Beans (dry), May/June, Continental Climates",
  }),
  crop({
    code: "tomato",
    name: { ky: "Помидор", ru: "Томат", uz: "Помидор", tg: "Помидор", en: "Tomato" },
    stagesDays: { initial: 30, development: 40, mid: 45, late: 30 },
    kc: { initial: 0.6, mid: 1.15, end: 0.8 },
    maxHeightM: 0.6,
    typicalPlanting: "05-01",
    stagesFrom: "Table 11: Tomato, April/May, Mediterranean; Table 12: Kc end 0.70–0.90",
  }),
  crop({
    code: "onion-dry",
    name: { ky: "Пияз", ru: "Лук репчатый", uz: "Пиёз", tg: "Пиёз", en: "Onion (dry)" },
    stagesDays: { initial: 15, development: 25, mid: 70, late: 40 },
    kc: { initial: 0.7, mid: 1.05, end: 0.75 },
    maxHeightM: 0.4,
    typicalPlanting: "04-10",
    stagesFrom: "Table 11: Onion (dry), April, Mediterranean",
  }),
  crop({
    code: "sunflower",
    name: { ky: "Күн карама", ru: "Подсолнечник", uz: "Кунгабоқар", tg: "Офтобпараст", en: "Sunflower" },
    stagesDays: { initial: 25, development: 35, mid: 45, late: 25 },
    kc: { initial: 0.35, mid: 1.075, end: 0.35 },
    maxHeightM: 2,
    typicalPlanting: "04-25",
    stagesFrom: "Table 11: Sunflower, April/May; Table 12: Kc mid 1.0–1.15",
  }),
  crop({
    code: "melons",
    name: { ky: "Коон", ru: "Дыня", uz: "Қовун", tg: "Харбуза", en: "Sweet melons" },
    stagesDays: { initial: 25, development: 35, mid: 40, late: 20 },
    kc: { initial: 0.5, mid: 1.05, end: 0.75 },
    maxHeightM: 0.4,
    typicalPlanting: "05-10",
    stagesFrom: "Table 11: Sweet melons, May, Mediterranean",
  }),
  crop({
    code: "orchard",
    name: {
      ky: "Бак (алма, алча)",
      ru: "Сад (яблоня, вишня)",
      uz: "Боғ (олма, олча)",
      tg: "Боғ (себ, олуболу)",
      en: "Orchard (apples, cherries)",
    },
    stagesDays: { initial: 20, development: 70, mid: 90, late: 30 },
    kc: { initial: 0.45, mid: 0.95, end: 0.7 },
    maxHeightM: 4,
    typicalPlanting: "03-20",
    stagesFrom:
      "Table 11: Deciduous Orchard, March, High Latitudes; Table 12: apples/cherries, no ground cover, killing frost",
  }),
  crop({
    code: "grapes",
    name: { ky: "Жүзүм", ru: "Виноград", uz: "Узум", tg: "Ангур", en: "Grapes" },
    stagesDays: { initial: 20, development: 50, mid: 90, late: 20 },
    kc: { initial: 0.3, mid: 0.85, end: 0.45 },
    maxHeightM: 2,
    typicalPlanting: "05-01",
    stagesFrom: "Table 11: Grapes, May, High Latitudes; Table 12: table or raisin",
  }),
  crop({
    code: "rice",
    name: { ky: "Күрүч", ru: "Рис", uz: "Шоли", tg: "Шолӣ", en: "Rice" },
    stagesDays: { initial: 30, development: 30, mid: 60, late: 30 },
    kc: { initial: 1.05, mid: 1.2, end: 0.75 },
    maxHeightM: 1,
    typicalPlanting: "05-10",
    stagesFrom: "Table 11: Rice, May, Mediterranean; Table 12: Kc end 0.90–0.60",
  }),
];

export function cropByCode(code: string): Crop | undefined {
  return CROPS.find((c) => c.code === code);
}

/** A crop's name in a language; a code the table does not know, as it is written. */
export function cropName(code: string, locale: Locale): string {
  const crop = cropByCode(code);
  return crop ? pickName(crop.name, locale) : code;
}

/** A WUA's own stage lengths (e.g. a later variety), over the table's. */
export function withOverrides(crop: Crop, overrides: Partial<Crop["stagesDays"]>): Crop {
  return { ...crop, stagesDays: { ...crop.stagesDays, ...overrides } };
}
