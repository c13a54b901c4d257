import { useTranslation } from "react-i18next";
import { FileImport } from "../app/file-import.js";
import { useSession } from "../app/session.js";
import type { ImportReport } from "./network-api.js";
import { NetworkTabs } from "./network-ui.js";

/** Export the network (GeoJSON or a workbook), download the template, and import a file back. */
export default function NetworkImportPage() {
  const { t } = useTranslation();
  const { can } = useSession();
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
        // Nothing is written unless the whole file is valid: checked first, then written.
        <FileImport<ImportReport>
          path="/api/water/network/import"
          accept=".xlsx,.geojson,.json,application/geo+json,application/json"
          fileLabel={t("network.import.file")}
          hint={t("network.import.hint")}
          checkFirst={{ check: t("network.import.check"), write: () => t("network.import.run") }}
          sheetName={{ header: t("network.import.sheet"), of: (sheet) => t(`network.sheets.${sheet}`) }}
          summary={(report) =>
            report.imported
              ? t("network.import.done", report.imported)
              : t("network.import.checked", { ...report.rows, issues: report.issues.length })
          }
        />
      )}
    </section>
  );
}
