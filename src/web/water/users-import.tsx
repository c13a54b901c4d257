import { useTranslation } from "react-i18next";
import { FileImport, type ImportReport } from "../app/file-import.js";

interface UsersReport extends ImportReport {
  rowCount: number;
  userCount: number;
  validUsers: number;
  newUsers: number;
  knownUsers: number;
  newPlots: number;
  knownPlots: number;
  imported: { users: number; plots: number } | null;
}

/** Water users and their plots from a spreadsheet, and the list back out in the same columns. */
export default function WaterUsersImportPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t("wu.import.title")}</h1>
      <p className="muted">{t("wu.import.hint")}</p>
      <p className="actions">
        <a href="/api/water/users/template">{t("wu.import.template")}</a>
        <a href="/api/water/users/export?format=xlsx">{t("wu.import.exportXlsx")}</a>
        <a href="/api/water/users/export?format=csv">{t("wu.import.exportCsv")}</a>
      </p>
      <FileImport<UsersReport>
        path="/api/water/users/import"
        summary={(r) =>
          r.imported
            ? t("wu.import.done", r.imported)
            : t("wu.import.checked", {
                rows: r.rowCount,
                users: r.userCount,
                valid: r.validUsers,
                newUsers: r.newUsers,
                knownUsers: r.knownUsers,
                newPlots: r.newPlots,
                knownPlots: r.knownPlots,
              })
        }
        checkFirst={{
          check: t("reg.import.check"),
          write: (r) => t("wu.import.write", { users: r.newUsers, plots: r.newPlots }),
        }}
        validCount={(r) => r.validUsers}
        acceptLabel={(count) => t("wu.import.acceptValid", { count })}
      />
    </section>
  );
}
