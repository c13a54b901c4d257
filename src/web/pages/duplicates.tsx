import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ApiProblem, api } from "../app/api.js";
import { formatDate } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import { EmptyState, ErrorState, Loaded, useLoad } from "../app/ui.js";
import type { Person, PersonHit } from "../register/api.js";

interface Finding {
  kind: "member-after-death" | "in-two-households" | "same-day-two-households" | "empty-household";
  personName: string | null;
  householdId: string;
  householdNumber: number;
  otherHouseholdId: string | null;
  otherHouseholdNumber: number | null;
  day: string;
  repairable: boolean;
}

/**
 * Contradictions records kept before the register's rules can hold (a member after death, one
 * person in two households at once, a household left with no one), and their repair.
 */
function RegisterCheck() {
  const { t } = useTranslation();
  const { can } = useSession();
  const findings = useLoad(() => api<Finding[]>("GET", "/api/registry/check"), "register-check");
  const [error, setError] = useState<ApiProblem | null>(null);
  const [repaired, setRepaired] = useState<{
    membershipsEnded: number;
    householdsDissolved: number;
    left: number;
  }>();
  async function repair() {
    setError(null);
    try {
      setRepaired(await api("POST", "/api/registry/check/repair", {}));
      findings.reload();
    } catch (err) {
      if (err instanceof ApiProblem) setError(err);
    }
  }
  return (
    <section className="register-check">
      <h2>{t("reg.check.title")}</h2>
      <p className="muted">{t("reg.check.hint")}</p>
      {error && <ErrorState error={error} />}
      {repaired && (
        <p role="status">
          {t("reg.check.repaired", {
            ended: repaired.membershipsEnded,
            dissolved: repaired.householdsDissolved,
            left: repaired.left,
          })}
        </p>
      )}
      <Loaded state={findings}>
        {(data) =>
          data.length === 0 ? (
            <p className="state">{t("reg.check.none")}</p>
          ) : (
            <>
              <ul className="findings">
                {data.map((f) => (
                  <li key={`${f.kind}-${f.householdId}-${f.personName}-${f.day}`}>
                    <Link to={`/register/households/${f.householdId}`}>
                      {t(`reg.check.${f.kind}`, {
                        name: f.personName,
                        number: f.householdNumber,
                        other: f.otherHouseholdNumber,
                        day: formatDate(f.day, currentLocale()),
                      })}
                    </Link>
                  </li>
                ))}
              </ul>
              {can("registry.write") && data.some((f) => f.repairable) && (
                <button type="button" className="primary" onClick={() => void repair()}>
                  {t("reg.check.repair")}
                </button>
              )}
            </>
          )
        }
      </Loaded>
    </section>
  );
}

interface Group {
  reason: "same-pin" | "same-name-and-birth-date";
  people: PersonHit[];
}

/**
 * Probable duplicates, each group with the record to keep first unless the clerk chooses another;
 * merging keeps both histories.
 */
export default function DuplicatesPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const groups = useLoad(() => api<Group[]>("GET", "/api/registry/duplicates"), "duplicates");
  const [error, setError] = useState<ApiProblem | null>(null);
  // The record each group keeps, by the group's key: the first unless the clerk chooses another.
  const [kept, setKept] = useState<Record<string, string>>({});
  async function merge(keep: PersonHit, duplicate: PersonHit) {
    setError(null);
    try {
      const kept = await api<Person>("GET", `/api/registry/people/${keep.id}`);
      await api("POST", `/api/registry/people/${keep.id}/merge`, {
        duplicateId: duplicate.id,
        version: kept.version,
      });
      groups.reload();
    } catch (err) {
      if (err instanceof ApiProblem) setError(err);
    }
  }
  return (
    <section>
      <h1>{t("reg.duplicates.title")}</h1>
      <p className="muted">{t("reg.duplicates.hint")}</p>
      {error && <ErrorState error={error} />}
      <Loaded state={groups}>
        {(data) =>
          data.length === 0 ? (
            <EmptyState />
          ) : (
            <ul className="duplicates">
              {data.map((g) => {
                const group = g.people.map((p) => p.id).join();
                const keep = g.people.find((p) => p.id === kept[group]) ?? g.people[0]!;
                return (
                  <li key={group} className="card">
                    <strong>{t(`reg.duplicates.${g.reason}`)}</strong>
                    <ol>
                      {g.people.map((p) => (
                        <li key={p.id}>
                          {can("registry.write") && (
                            <label className="check">
                              <input
                                type="radio"
                                name={`keep-${group}`}
                                checked={p.id === keep.id}
                                onChange={() => setKept({ ...kept, [group]: p.id })}
                              />{" "}
                              {t("reg.duplicates.keep")}
                            </label>
                          )}{" "}
                          {p.surname} {p.givenName} {p.patronymic ?? ""},{" "}
                          {p.birthDate ? formatDate(p.birthDate, currentLocale()) : "—"},{" "}
                          {p.pin ?? t("reg.pinUnknown")}
                          {p.householdId && (
                            <>
                              {" "}
                              —{" "}
                              <Link to={`/register/households/${p.householdId}`}>№ {p.householdNumber}</Link>
                            </>
                          )}
                          {p.id !== keep.id && can("registry.write") && (
                            <button type="button" onClick={() => void merge(keep, p)}>
                              {t("reg.duplicates.merge")}
                            </button>
                          )}
                        </li>
                      ))}
                    </ol>
                  </li>
                );
              })}
            </ul>
          )
        }
      </Loaded>
      <RegisterCheck />
    </section>
  );
}
