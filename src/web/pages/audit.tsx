import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { AUDIT_ACTIONS } from "../../domain/shared/audit-actions.js";
import { useAddressFormKey } from "../app/address-form.js";
import { type AuditRecord, api, type LocalizedText } from "../app/api.js";
import { formatDate, formatDateTime } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { DayInput, EmptyState, ErrorState, Loaded, nameOf, useKeysetPages, useLoad } from "../app/ui.js";
import {
  auditChanges,
  type CatalogText,
  type CodeNames,
  criteriaNamed,
  type PlaceNames,
  placesNamed,
} from "./audit-changes.js";

/** The list's filters, as the page's address and the API name them. */
const FILTERS = ["entity", "action", "xroadClient", "from", "to"];

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const { can } = useSession();
  // Every kind of record the trail holds, by name: the catalog names them all (a catalog test checks).
  const entityNames =
    (
      i18n.getResourceBundle(i18n.language, "translation") as
        | { auditEntity?: Record<string, string> }
        | undefined
    )?.auditEntity ?? {};
  const [params, setParams] = useSearchParams();
  // The days go as they are: the API takes a day as the organisation's, from its midnight to the
  // next. The page sent instants of its own, which missed a record made within the day's last
  // second, and broke on a day in the address that was none (from=abc).
  const query = new URLSearchParams([...params.entries()].filter(([k, v]) => FILTERS.includes(k) && v));
  const key = query.toString();
  const { first, more, nextCursor, loadMore, moreError } = useKeysetPages<AuditRecord>(
    key ? `/api/audit?${key}` : "/api/audit",
  );
  const [verify, setVerify] = useState<string | null>(null);
  // The places and criteria the records name, loaded once for the page (codes show until they come).
  const records = [...(first.data?.items ?? []), ...more];
  const named = placesNamed(records);
  const placesUrl = named.length > 0 ? `/api/places?codes=${encodeURIComponent(named.join(","))}` : null;
  const places = useLoad(() => namesByCode(placesUrl), placesUrl ?? "no places");
  // A WUA's readers read no register: its records name no criterion.
  const criteriaUrl =
    can("registry.read") && criteriaNamed(records) ? "/api/registry/vulnerability-criteria" : null;
  const criteria = useLoad(() => namesByCode(criteriaUrl), criteriaUrl ?? "no criteria");
  const names: CodeNames = { places: places.data ?? undefined, criteria: criteria.data ?? undefined };

  // The form shows the filters the records are for, also after the browser's Back.
  const formKey = useAddressFormKey(query.toString());
  function applyFilters(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      const v = String(form.get(k) ?? "");
      if (v) next.set(k, v);
    }
    setParams(next);
  }

  async function verifyChain() {
    const result = await api<{ checked: number; broken: { seq: number }[] }>("GET", "/api/audit/verify");
    setVerify(
      result.broken.length === 0
        ? t("audit.verifyOk", { count: result.checked })
        : t("audit.verifyBroken", { seq: result.broken[0]!.seq }),
    );
  }

  return (
    <section>
      <div className="page-head">
        <h1>{t("audit.title")}</h1>
        <button type="button" onClick={() => void verifyChain()}>
          {t("audit.verify")}
        </button>
      </div>
      {verify && (
        <p className="notice" role="status">
          {verify}
        </p>
      )}
      <form className="filters" onSubmit={applyFilters} key={formKey}>
        <label className="field">
          <span className="field-label">{t("audit.entity")}</span>
          <select name="entity" defaultValue={params.get("entity") ?? ""}>
            <option value="">{t("audit.any")}</option>
            {Object.entries(entityNames)
              .sort(([, a], [, b]) => a.localeCompare(b, currentLocale()))
              .map(([code, label]) => (
                <option key={code} value={code}>
                  {label}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t("audit.action")}</span>
          <select name="action" defaultValue={params.get("action") ?? ""}>
            <option value="">{t("audit.any")}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`auditAction.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t("audit.xroadClient")}</span>
          <input name="xroadClient" defaultValue={params.get("xroadClient") ?? ""} spellCheck={false} />
        </label>
        <label className="field">
          <span className="field-label">{t("audit.from")}</span>
          <DayInput name="from" defaultValue={params.get("from") ?? ""} />
        </label>
        <label className="field">
          <span className="field-label">{t("audit.to")}</span>
          <DayInput name="to" defaultValue={params.get("to") ?? ""} />
        </label>
        <button type="submit">{t("common.apply")}</button>
      </form>
      <Loaded state={first}>
        {(page) => {
          const records = [...page.items, ...more];
          if (records.length === 0) return <EmptyState />;
          return (
            <>
              <div className="table-wrap">
                <table className="audit">
                  <thead>
                    <tr>
                      <th>{t("audit.at")}</th>
                      <th>{t("audit.actor")}</th>
                      <th>{t("audit.action")}</th>
                      <th>{t("audit.entity")}</th>
                      <th>{t("audit.client")}</th>
                      <th>{t("audit.details")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {records.map((r) => (
                      <AuditRow key={r.id} record={r} names={names} />
                    ))}
                  </tbody>
                </table>
              </div>
              {moreError && <ErrorState error={moreError} onRetry={() => void loadMore()} />}
              {nextCursor && (
                <button type="button" onClick={() => void loadMore()}>
                  {t("common.loadMore")}
                </button>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

/** What an office's opening of a household card records (registry/households.ts householdCard). */
interface HouseholdRead {
  number: number;
  asOf: string;
  office: { name: LocalizedText };
}

/** Names by code from a list of things with a code and a name (places, criteria); none without a URL. */
async function namesByCode(url: string | null): Promise<PlaceNames> {
  if (!url) return new Map();
  const listed = await api<{ code: string; name: LocalizedText }[]>("GET", url);
  return new Map(listed.map((x) => [x.code, x.name]));
}

function AuditRow({ record, names }: { record: AuditRecord; names: CodeNames }) {
  const { t, i18n } = useTranslation();
  const text: CatalogText = (key) => {
    const found: unknown = i18n.exists(key) ? t(key, { returnObjects: true }) : undefined;
    return typeof found === "string" ? found : undefined;
  };
  // Records of openings made before they named the office show as the other records do.
  const after = record.after as Partial<HouseholdRead> | null;
  const read =
    record.action === "read" && record.entity === "household" && after?.office
      ? (after as HouseholdRead)
      : null;
  const changes = read
    ? []
    : auditChanges(record.entity, record.before, record.after, text, currentLocale(), names);
  return (
    <tr>
      <td>{formatDateTime(record.at, currentLocale())}</td>
      <td>{record.actor}</td>
      <td>{t(`auditAction.${record.action}`, { defaultValue: record.action })}</td>
      <td>
        {t(`auditEntity.${record.entity}`, { defaultValue: record.entity })}{" "}
        {/* The id's random end: its start is a UUIDv7's time, the same for a minute's records. */}
        <small className="muted" title={record.entityId}>
          {record.entityId.slice(-8)}
        </small>
      </td>
      <td>
        {t(`auditClient.${record.client}`, { defaultValue: record.client })}
        {record.xroad && <XRoadCallText call={record.xroad} />}
      </td>
      <td>
        {read &&
          t("audit.readHousehold", {
            office: nameOf(read.office.name),
            number: read.number,
            asOf: formatDate(read.asOf, currentLocale()),
          })}
        {changes.length > 0 && (
          <details>
            <summary>{changes.length}</summary>
            <dl className="diff">
              {changes.map((c) => (
                <div key={c.field}>
                  <dt title={c.field}>{c.label}</dt>
                  <dd>
                    <del>{c.before}</del> <ins>{c.after}</ins>
                  </dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </td>
    </tr>
  );
}

/** The Tunduk call behind a change: the agency's subsystem first, then what it said of the call. */
function XRoadCallText({ call }: { call: NonNullable<AuditRecord["xroad"]> }) {
  const { t } = useTranslation();
  const lines: [string, string | undefined][] = [
    ["audit.xroadService", call.service],
    ["audit.xroadIssue", readable(call.issue)],
    ["audit.xroadUser", readable(call.userId)],
    ["audit.xroadRepresented", call.representedParty],
    ["audit.xroadMessage", call.messageId],
  ];
  return (
    <div className="xroad-call">
      <div>{t("audit.xroadClientIs", { client: call.client })}</div>
      {lines.map(
        ([key, value]) =>
          value && (
            <small key={key} className="muted">
              {t(key, { value })}
            </small>
          ),
      )}
    </div>
  );
}

/** A header's free text as its sender meant it: X-Road's headers carry other letters percent-encoded. */
function readable(value: string | undefined) {
  if (value === undefined || !/%[0-9A-Fa-f]{2}/.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
