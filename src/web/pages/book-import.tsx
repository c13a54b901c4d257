import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { FileImport, type ImportReport, IssueTable } from "../app/file-import.js";

interface BookReport extends ImportReport {
  rowCount: number;
  householdCount: number;
  validHouseholds: number;
  registeredAlready: {
    row: number;
    reason: "same-pin" | "same-name-and-birth-date";
    here: boolean;
    organisation: string;
  }[];
  registeredAlreadyRows: number;
  /** Valid households whose every person this register holds already: left out of the write. */
  registeredHere: { households: number; people: number };
  /** What the import does that the file does not say, and rows that look unlikely: written all the same. */
  warnings: ImportReport["issues"];
  numbers: { kept: number; assigned: number };
  imported: { households: number; people: number; landPlots: number; livestockCounts: number } | null;
}

/**
 * What the import writes otherwise than the file says (a household dated today) and rows that look
 * unlikely (a son older than the head), so the clerk may correct the file first; neither stops it.
 */
function Warnings({ report }: { report: BookReport }) {
  const { t } = useTranslation();
  if (report.warnings.length === 0) return null;
  return (
    <>
      <h2>{t("reg.import.warnings", { count: report.warnings.length })}</h2>
      <IssueTable issues={report.warnings} className="import-warnings" heading={t("reg.import.warning")} />
    </>
  );
}

/** People of the file whom a register already holds: here (a duplicate) or elsewhere (moved?). */
function RegisteredAlready({ report }: { report: BookReport }) {
  const { t } = useTranslation();
  if (report.registeredAlready.length === 0) return null;
  return (
    <>
      <h2>{t("reg.import.registeredAlready", { count: report.registeredAlreadyRows })}</h2>
      {report.registeredAlreadyRows > report.registeredAlready.length && (
        <p className="muted">
          {t("reg.import.registeredAlreadyFirst", { shown: report.registeredAlready.length })}
          {/* Once written, the people are the register's: the duplicates page lists them all, anytime. */}
          {report.imported && (
            <>
              {" "}
              <Link to="/register/duplicates#registered-elsewhere" className="registered-elsewhere-link">
                {t("reg.import.registeredAlreadyElsewhere")}
              </Link>
            </>
          )}
        </p>
      )}
      <div className="table-wrap">
        <table className="registered-already">
          <thead>
            <tr>
              <th>{t("reg.import.row")}</th>
              <th>{t("reg.import.match")}</th>
              <th>{t("reg.import.where")}</th>
            </tr>
          </thead>
          <tbody>
            {report.registeredAlready.map((m) => (
              <tr key={`${m.row}-${m.organisation}`}>
                <td>{m.row}</td>
                <td>{t(`reg.duplicates.${m.reason}`)}</td>
                <td>{m.here ? `${m.organisation} (${t("reg.import.here")})` : m.organisation}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The valid households a write adds: not those whose every person is here already. */
const toWrite = (report: BookReport) => report.validHouseholds - report.registeredHere.households;

export default function BookImportPage() {
  const { t } = useTranslation();
  /**
   * A write's button names the people it would add a second time, so the clerk writes them
   * knowingly: those found of the households it writes (the left-out ones' people were all found).
   */
  const writing = (label: string, report: BookReport) => {
    const again = report.registeredAlreadyRows - report.registeredHere.people;
    return again > 0 ? `${label} — ${t("reg.import.writeRegisteredAlready", { count: again })}` : label;
  };
  return (
    <section>
      <h1>{t("reg.import.title")}</h1>
      <p>
        <a href="/api/registry/book/template">{t("reg.import.template")}</a>
      </p>
      <FileImport<BookReport>
        path="/api/registry/book/import"
        problemsFile="/api/registry/book/problems"
        summary={(report) =>
          report.imported
            ? t("reg.import.done", report.imported)
            : t("reg.import.checked", {
                rows: report.rowCount,
                households: report.householdCount,
                valid: report.validHouseholds,
              })
        }
        hint={t("reg.import.hint")}
        checkFirst={{
          check: t("reg.import.check"),
          write: (report) => writing(t("reg.import.write", { count: toWrite(report) }), report),
        }}
        validCount={toWrite}
        sheetName={{
          header: t("reg.import.sheet"),
          of: (sheet) => t(sheet ? `registry.book.${sheet}Sheet` : "registry.book.sheet"),
        }}
        acceptLabel={(count, report) => writing(t("reg.import.acceptValid", { count }), report)}
        details={(report) => (
          <>
            {report.registeredHere.households > 0 && (
              <p className="book-registered-here">{t("reg.import.registeredHere", report.registeredHere)}</p>
            )}
            {toWrite(report) > 0 && <p className="book-numbers">{t("reg.import.numbers", report.numbers)}</p>}
            <Warnings report={report} />
            <RegisteredAlready report={report} />
          </>
        )}
      />
    </section>
  );
}
