import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiProblem } from "../app/api.js";
import { currentLocale } from "../app/i18n.js";
import { ErrorState } from "../app/ui.js";

interface Report {
  rowCount: number;
  householdCount: number;
  validHouseholds: number;
  issues: { row: number; column: string | null; columnLabel: string | null; code: string; message: string }[];
  imported: { households: number; people: number } | null;
}

let csrf: string | null = null;
/** The spreadsheet goes up as its own bytes, so the generic JSON client is not used here. */
async function upload(file: File, query: string): Promise<Report> {
  csrf ??= ((await (await fetch("/api/auth/session")).json()) as { csrfToken: string }).csrfToken;
  const response = await fetch(`/api/registry/book/import?${query}`, {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "x-csrf-token": csrf,
      "accept-language": currentLocale(),
    },
    body: file,
  });
  const data = (await response.json()) as Report & { code?: string; title?: string };
  if (!response.ok) throw new ApiProblem(response.status, data.code ?? "internal", data.title ?? "");
  return data;
}

export default function BookImportPage() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(query: string) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await upload(file, query));
    } catch (err) {
      setError(err instanceof ApiProblem ? err : new ApiProblem(0, "network", ""));
    } finally {
      setBusy(false);
    }
  }
  function check(e: FormEvent) {
    e.preventDefault();
    void run("");
  }

  return (
    <section>
      <h1>{t("reg.import.title")}</h1>
      <p>
        <a href="/api/registry/book/template">{t("reg.import.template")}</a>
      </p>
      <form className="card form" onSubmit={check}>
        <label className="field">
          <span className="field-label">{t("reg.import.file")}</span>
          <input
            type="file"
            name="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setReport(null);
            }}
          />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={!file || busy}>
            {t("reg.import.run")}
          </button>
        </div>
        {busy && <p role="status">{t("common.loading")}</p>}
      </form>
      {error && <ErrorState error={error} />}
      {report && (
        <div className="card" aria-live="polite">
          <p role="status">
            {report.imported
              ? t("reg.import.done", report.imported)
              : t("reg.import.checked", {
                  rows: report.rowCount,
                  households: report.householdCount,
                  valid: report.validHouseholds,
                })}
          </p>
          {report.issues.length > 0 && (
            <>
              <div className="table-wrap">
                <table className="issues">
                  <thead>
                    <tr>
                      <th>{t("reg.import.row")}</th>
                      <th>{t("reg.import.column")}</th>
                      <th>{t("reg.import.problem")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.issues.map((i) => (
                      <tr key={`${i.row}-${i.column}-${i.code}`}>
                        <td>{i.row}</td>
                        <td>{i.columnLabel ?? "—"}</td>
                        <td>{i.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {!report.imported && report.validHouseholds > 0 && (
                <button type="button" onClick={() => void run("acceptValid=true")} disabled={busy}>
                  {t("reg.import.acceptValid", { count: report.validHouseholds })}
                </button>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
