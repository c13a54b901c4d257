import { useTranslation } from "react-i18next";
import { api } from "../app/api.js";
import { Field, Loaded, NamedOptions, useLoad } from "../app/ui.js";
import type { Season } from "./api.js";

/** Picks the season a page works on (the latest by default) and renders the page for it. */
export function SeasonPicker({
  seasonId,
  onChange,
  children,
}: {
  seasonId: string | null;
  onChange: (id: string) => void;
  children: (season: Season) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const seasons = useLoad(() => api<Season[]>("GET", "/api/planning/seasons"), "seasons");
  return (
    <Loaded state={seasons}>
      {(list) => {
        if (list.length === 0) return <p className="state">{t("planning.requests.noSeasons")}</p>;
        const season = list.find((s) => s.id === seasonId) ?? list.at(-1)!;
        return (
          <>
            <div className="filters">
              <Field label={t("planning.requests.season")}>
                <select value={season.id} onChange={(e) => onChange(e.target.value)}>
                  <NamedOptions items={list} />
                </select>
              </Field>
            </div>
            {children(season)}
          </>
        );
      }}
    </Loaded>
  );
}
