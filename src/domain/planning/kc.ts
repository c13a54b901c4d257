import type { Crop } from "./crops.js";

/**
 * FAO-56 Eq. 62: Kc mid or Kc end for climates other than RHmin 45 %, u2 2 m/s, with h the crop
 * height (m). The paper bounds u2 to 1–6 m/s and RHmin to 20–80 % for the equation.
 */
export function adjustKcForClimate(kc: number, windMps: number, rhMinPct: number, heightM: number): number {
  const u2 = Math.min(6, Math.max(1, windMps));
  const rhMin = Math.min(80, Math.max(20, rhMinPct));
  return kc + (0.04 * (u2 - 2) - 0.004 * (rhMin - 45)) * (heightM / 3) ** 0.3;
}

export interface KcClimate {
  windMps: number;
  rhMinPct: number;
}

/**
 * Kc mid adjusted to the mid-season stage's climate and Kc end to the late-season stage's (null:
 * the table's value). Kc end only when it is ≥ 0.45: the paper leaves a low Kc end (a crop left to
 * dry in the field) unadjusted.
 */
export function adjustCropForClimate(crop: Crop, mid: KcClimate | null, end: KcClimate | null): Crop {
  const h = crop.maxHeightM;
  return {
    ...crop,
    kc: {
      initial: crop.kc.initial,
      mid: mid ? adjustKcForClimate(crop.kc.mid, mid.windMps, mid.rhMinPct, h) : crop.kc.mid,
      end:
        end && crop.kc.end >= 0.45
          ? adjustKcForClimate(crop.kc.end, end.windMps, end.rhMinPct, h)
          : crop.kc.end,
    },
  };
}

/**
 * The crop coefficient on a day after planting (day 0 = planting): constant in the initial and mid
 * stages, linear in development and late season (FAO-56 Fig. 25, Eq. 66); 0 outside the season.
 */
export function kcOnDay(crop: Crop, daysAfterPlanting: number): number {
  const { initial, development, mid, late } = crop.stagesDays;
  const d = daysAfterPlanting;
  if (d < 0 || d >= initial + development + mid + late) return 0;
  if (d < initial) return crop.kc.initial;
  if (d < initial + development)
    return crop.kc.initial + ((d - initial) / development) * (crop.kc.mid - crop.kc.initial);
  if (d < initial + development + mid) return crop.kc.mid;
  return crop.kc.mid + ((d - initial - development - mid) / late) * (crop.kc.end - crop.kc.mid);
}
