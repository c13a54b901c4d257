import { useTranslation } from "react-i18next";
import { FileImport, type ImportReport } from "../app/file-import.js";

interface BookReport extends ImportReport {
  rowCount: number;
  householdCount: number;
  validHouseholds: number;
  imported: { households: number; people: number } | null;
}

export default function BookImportPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("reg.import.title")}</h1>
      <p>
        <a href="/api/registry/book/template">{t("reg.import.template")}</a>
      </p>
      <FileImport<BookReport>
        path="/api/registry/book/import"
        summary={(report) =>
          report.imported
            ? t("reg.import.done", report.imported)
            : t("reg.import.checked", {
                rows: report.rowCount,
                households: report.householdCount,
                valid: report.validHouseholds,
              })
        }
        validCount={(report) => report.validHouseholds}
        acceptLabel={(count) => t("reg.import.acceptValid", { count })}
      />
    </section>
  );
}
