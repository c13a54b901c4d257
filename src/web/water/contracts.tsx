import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { api } from "../app/api.js";
import { Pager, pageIn } from "../app/pager.js";
import { Loaded, NamedOptions, useLoad } from "../app/ui.js";
import { CONTRACT_STATUSES, type ContractHit, type Page, type Season } from "./api.js";
import { ContractTable } from "./user.js";

/** The season's contracts, by season and status. */
export default function ContractsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const seasons = useLoad(() => api<Season[]>("GET", "/api/water/seasons"), "seasons");
  const query = new URLSearchParams(
    [...params.entries()].filter(([k, v]) => ["seasonId", "status", "page"].includes(k) && v),
  );
  const contracts = useLoad(
    () => api<Page<ContractHit>>("GET", `/api/water/contracts?${query}`),
    String(query),
  );
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete("page");
    setParams(next);
  };
  const page = pageIn(params);
  return (
    <section>
      <h1>{t("wu.contracts")}</h1>
      <div className="filters">
        <label className="field">
          <span className="field-label">{t("wu.season")}</span>
          <select value={params.get("seasonId") ?? ""} onChange={(e) => set("seasonId", e.target.value)}>
            <NamedOptions items={seasons.data} all />
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t("wu.status")}</span>
          <select value={params.get("status") ?? ""} onChange={(e) => set("status", e.target.value)}>
            <option value="">{t("reg.all")}</option>
            {CONTRACT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`wu.contractStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Loaded state={contracts}>
        {(data) => (
          <>
            <ContractTable contracts={data.items} withUser />
            <Pager page={page} hasMore={data.hasMore} />
          </>
        )}
      </Loaded>
    </section>
  );
}
