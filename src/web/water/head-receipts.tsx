import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../app/api.js";
import { formatDate, formatNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { DayInput, EmptyState, FormActions, Loaded, NumberInput, useLoad, useSubmit } from "../app/ui.js";
import type { GaugingPost, HeadReceipt, Season } from "./measurement-api.js";

/**
 * Water received at the head in a season: what the district department's acts say, or what the
 * head gauging post measured; entered per day or decade by the accountant.
 */
export function HeadReceipts({
  season,
  heads,
}: {
  season: Season;
  heads: { id: string; code: string; name: string }[];
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  const [changes, setChanges] = useState(0);
  // A receipt sent again after a lost answer is written once (the first sending's key), not twice.
  const { send, message, busy } = useSubmit(() => setChanges((n) => n + 1));
  const [source, setSource] = useState<"act" | "gauge">("act");
  const list = useLoad(
    () => api<HeadReceipt[]>("GET", `/api/water/head-receipts?from=${season.startsOn}&to=${season.endsOn}`),
    `${season.id}/${changes}`,
  );
  const posts = useLoad(() => api<GaugingPost[]>("GET", "/api/water/gauging-posts"), "posts");

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = Object.fromEntries(new FormData(form)) as Record<string, string>;
    const common = { reachId: f.reachId, fromDay: f.fromDay, toDay: f.toDay || f.fromDay };
    const saved = await send(
      "POST",
      "/api/water/head-receipts",
      source === "act"
        ? { ...common, source, volumeM3: Number(f.volumeM3), actNumber: f.actNumber }
        : {
            ...common,
            source,
            structureId: f.structureId,
            ...(f.actNumber ? { actNumber: f.actNumber } : {}),
          },
    );
    if (saved !== null) form.reset();
  }
  async function voidOne(r: HeadReceipt) {
    const reason = window.prompt(t("measure.voidReason"));
    if (!reason) return;
    await send("POST", `/api/water/head-receipts/${r.id}/void`, { version: r.version, reason });
  }

  return (
    <section className="head-receipts">
      <h2>{t("measure.headReceipts")}</h2>
      {can("water.measure") && (
        <form className="filters" onSubmit={(e) => void save(e)}>
          <label className="field">
            <span className="field-label">{t("measure.headReach")}</span>
            <select name="reachId" required>
              {heads.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.code} — {h.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t("measure.fromDay")}</span>
            <DayInput name="fromDay" required min={season.startsOn} max={season.endsOn} />
          </label>
          <label className="field">
            <span className="field-label">{t("measure.toDay")}</span>
            <DayInput name="toDay" min={season.startsOn} max={season.endsOn} />
          </label>
          <label className="field">
            <span className="field-label">{t("measure.source")}</span>
            <select value={source} onChange={(e) => setSource(e.target.value as "act" | "gauge")}>
              <option value="act">{t("measure.sources.act")}</option>
              <option value="gauge">{t("measure.sources.gauge")}</option>
            </select>
          </label>
          {source === "act" ? (
            <label className="field">
              <span className="field-label">{t("measure.volumeM3")}</span>
              <NumberInput name="volumeM3" min={0} required />
            </label>
          ) : (
            <label className="field">
              <span className="field-label">{t("measure.post")}</span>
              <select name="structureId" required>
                {(posts.data ?? [])
                  .filter((p) => heads.some((h) => h.id === p.reachId))
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.code} — {p.name}
                    </option>
                  ))}
              </select>
            </label>
          )}
          <label className="field">
            <span className="field-label">{t("measure.actNumber")}</span>
            <input name="actNumber" required={source === "act"} />
          </label>
          <FormActions saving={busy} />
        </form>
      )}
      {message}
      <Loaded state={list}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table className="receipts">
                <thead>
                  <tr>
                    <th>{t("measure.fromDay")}</th>
                    <th>{t("measure.toDay")}</th>
                    <th>{t("measure.volumeM3")}</th>
                    <th>{t("measure.source")}</th>
                    <th>{t("measure.actNumber")}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id} className={r.voidedAt ? "voided" : undefined}>
                      <td>{formatDate(r.fromDay, locale)}</td>
                      <td>{formatDate(r.toDay, locale)}</td>
                      <td>{formatNumber(r.volumeM3, locale)}</td>
                      <td>
                        {t(`measure.sources.${r.source}`)}
                        {r.gapSeconds
                          ? ` (${t("measure.gapHours", { hours: formatNumber(r.gapSeconds / 3600, locale, 1) })})`
                          : ""}
                      </td>
                      <td>{r.actNumber ?? "—"}</td>
                      <td>
                        {r.voidedAt ? (
                          t("measure.voided", { reason: r.voidReason ?? "" })
                        ) : can("water.measure") ? (
                          <button
                            type="button"
                            className="link"
                            disabled={busy}
                            onClick={() => void voidOne(r)}
                          >
                            {t("measure.void")}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
