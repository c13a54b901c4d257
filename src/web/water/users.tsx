import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router-dom";
import { useAddressFormKey } from "../app/address-form.js";
import { api } from "../app/api.js";
import { Pager, pageIn } from "../app/pager.js";
import { useSession } from "../app/session.js";
import { EmptyState, Loaded, useLoad } from "../app/ui.js";
import { VillageFilter } from "../pages/register.js";
import {
  type Page,
  type Season,
  useWaterVillages,
  villageName,
  WATER_USER_KINDS,
  type WaterUser,
} from "./api.js";

const FILTERS = ["q", "kind", "member", "villageCode", "archived", "withoutContract", "page"];

/** The provider's water users: search by name, PIN or number; filter; page through. Phone-friendly. */
export default function WaterUsersPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const query = new URLSearchParams([...params.entries()].filter(([k, v]) => FILTERS.includes(k) && v));
  const villages = useWaterVillages();
  const seasons = useLoad(() => api<Season[]>("GET", "/api/water/seasons"), "seasons");
  const withoutContract = params.get("withoutContract") ?? "";
  const results = useLoad(() => api<Page<WaterUser>>("GET", `/api/water/users?${query}`), String(query));

  // The form shows the search the results are for, also after the browser's Back.
  const formKey = useAddressFormKey(
    FILTERS.slice(0, -1)
      .map((k) => params.get(k) ?? "")
      .join("\n"),
  );
  function search(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const k of FILTERS.slice(0, -1)) {
      const v = String(form.get(k) ?? "");
      if (v) next.set(k, v);
    }
    setParams(next);
  }
  const page = pageIn(params);

  return (
    <section>
      <div className="page-head">
        <h1>{t("wu.title")}</h1>
        <div className="actions">
          {can("water.users") && (
            <>
              <Link className="button primary" to="/water/users/new">
                {t("wu.newUser")}
              </Link>
              <Link className="button" to="/water/users/import">
                {t("wu.import.link")}
              </Link>
            </>
          )}
          <Link className="button" to="/water/contracts">
            {t("wu.contracts")}
          </Link>
          <Link className="button" to="/water/seasons">
            {t("wu.seasons")}
          </Link>
        </div>
      </div>
      <form className="filters" onSubmit={search} key={formKey}>
        <label className="field field-wide">
          <span className="field-label">{t("wu.query")}</span>
          <input
            name="q"
            type="search"
            defaultValue={params.get("q") ?? ""}
            placeholder={t("wu.queryHint")}
          />
        </label>
        <label className="field">
          <span className="field-label">{t("wu.kind")}</span>
          <select name="kind" defaultValue={params.get("kind") ?? ""}>
            <option value="">{t("reg.all")}</option>
            {WATER_USER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`wu.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t("wu.membership")}</span>
          <select name="member" defaultValue={params.get("member") ?? ""}>
            <option value="">{t("reg.all")}</option>
            <option value="true">{t("wu.members")}</option>
            <option value="false">{t("wu.nonMembers")}</option>
          </select>
        </label>
        <VillageFilter villages={villages.data} value={params.get("villageCode")} />
        <label className="field">
          <span className="field-label">{t("wu.archive")}</span>
          <select name="archived" defaultValue={params.get("archived") ?? ""}>
            <option value="">{t("wu.active")}</option>
            <option value="yes">{t("wu.archived")}</option>
            <option value="all">{t("reg.all")}</option>
          </select>
        </label>
        {/* The users the home page counts as without a contract: those with none signed for a season. */}
        <label className="field">
          <span className="field-label">{t("wu.contractFilter")}</span>
          <select
            key={seasons.data ? "seasons" : "loading"}
            name="withoutContract"
            defaultValue={withoutContract}
          >
            <option value="">{t("reg.all")}</option>
            {!seasons.data && withoutContract && (
              <option value={withoutContract}>{t("common.loading")}</option>
            )}
            {seasons.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {t("wu.withoutContractIn", { season: s.name })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary">
          {t("reg.search")}
        </button>
      </form>
      <Loaded state={results}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState />
          ) : (
            <>
              <div className="table-wrap">
                <table className="register">
                  <thead>
                    <tr>
                      <th>{t("wu.number")}</th>
                      <th>{t("reg.name")}</th>
                      <th>{t("wu.pinOrTaxId")}</th>
                      <th>{t("reg.village")}</th>
                      <th>{t("wu.membership")}</th>
                      <th>{t("wu.phone")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((u) => (
                      <tr key={u.id}>
                        <td>{u.number}</td>
                        <td>
                          <Link to={`/water/users/${u.id}`}>{u.displayName}</Link>
                          {u.kind === "legal-entity" && u.legalEntityKind && (
                            <span className="badge">{t(`wu.entityKinds.${u.legalEntityKind}`)}</span>
                          )}
                          {u.archivedOn && <span className="badge">{t("wu.archived")}</span>}
                        </td>
                        <td>{u.pin ?? u.taxId ?? "—"}</td>
                        <td>{villageName(villages.data, u.villageCode)}</td>
                        <td>{t(u.member ? "wu.member" : "wu.nonMember")}</td>
                        <td>{u.phone ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager page={page} hasMore={data.hasMore} />
            </>
          )
        }
      </Loaded>
    </section>
  );
}
