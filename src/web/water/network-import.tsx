import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiProblem } from "../app/api.js";
import { uploadFile } from "../app/file-import.js";
import { useSession } from "../app/session.js";
import { ErrorState } from "../app/ui.js";
import type { ImportReport } from "./network-api.js";
import { NetworkTabs } from "./network-ui.js";

/** Export the network (GeoJSON or a workbook), download the template, and import a file back. */
export default function NetworkImportPage() {
  const { t } = useTranslation();
  const { session, can } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setReport(
        await uploadFile<ImportReport>(
          "/api/water/network/import",
          file,
          `dryRun=${dryRun}`,
          session?.csrfToken ?? null,
        ),
      );
    } catch (err) {
      setError(err instanceof ApiProblem ? err : new ApiProblem(0, "network", ""));
    } finally {
      setBusy(false);
    }
  }
  function check(e: FormEvent) {
    e.preventDefault();
    void run(true);
  }

  return (
    <section>
      <h1>{t("network.import.title")}</h1>
      <NetworkTabs />
      <div className="actions">
        <a className="button" href="/api/water/network/export?format=geojson" download>
          {t("network.import.exportGeojson")}
        </a>
        <a className="button" href="/api/water/network/export?format=xlsx" download>
          {t("network.import.exportXlsx")}
        </a>
        {can("water.network") && (
          <a className="button" href="/api/water/network/template" download>
            {t("network.import.template")}
          </a>
        )}
      </div>
      {can("water.network") && (
        <form className="card form" onSubmit={check}>
          <p className="muted">{t("network.import.hint")}</p>
          <label className="field">
            <span className="field-label">{t("network.import.file")}</span>
            <input
              type="file"
              name="file"
              accept=".xlsx,.geojson,.json,application/geo+json,application/json"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setReport(null);
              }}
            />
          </label>
          <div className="actions">
            <button type="submit" disabled={!file || busy}>
              {t("network.import.check")}
            </button>
            <button
              type="button"
              className="primary"
              disabled={!file || busy || (report !== null && report.issues.length > 0)}
              onClick={() => void run(false)}
            >
              {t("network.import.run")}
            </button>
          </div>
          {busy && <p role="status">{t("common.loading")}</p>}
        </form>
      )}
      {error && <ErrorState error={error} />}
      {report && (
        <div className="card" aria-live="polite">
          <p role="status">
            {report.imported
              ? t("network.import.done", report.imported)
              : t("network.import.checked", { ...report.rows, issues: report.issues.length })}
          </p>
          {report.issues.length > 0 && (
            <div className="table-wrap">
              <table className="issues">
                <thead>
                  <tr>
                    <th>{t("network.import.sheet")}</th>
                    <th>{t("network.import.row")}</th>
                    <th>{t("network.import.column")}</th>
                    <th>{t("network.import.problem")}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.issues.map((i) => (
                    <tr key={`${i.sheet}-${i.row}-${i.column}-${i.code}`}>
                      <td data-label={t("network.import.sheet")}>{t(`network.sheets.${i.sheet}`)}</td>
                      <td data-label={t("network.import.row")}>{i.row}</td>
                      <td data-label={t("network.import.column")}>{i.columnLabel ?? "—"}</td>
                      <td data-label={t("network.import.problem")}>{i.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
