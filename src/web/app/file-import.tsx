import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiProblem, downloadFile } from "./api.js";
import { useSession } from "./session.js";
import { ErrorState, Field, FilePicker, useOneAtATime } from "./ui.js";
import { UnansweredUpload, UploadStatus, uploadFile, useUpload } from "./upload.js";

/** What every spreadsheet import answers: its problems row by row and column by column. */
export interface ImportReport {
  issues: {
    /** The sheet or layer of a file with several (a network's canals, structures and plots). */
    sheet?: string;
    row: number;
    column: string | null;
    columnLabel: string | null;
    code: string;
    message: string;
  }[];
  /** What is said of rows that are written all the same (a book's). */
  warnings?: ImportReport["issues"];
  imported: object | null;
}

/**
 * A report's rows by sheet, row and column, with what is said of each: its problems, or what a
 * page shows besides (`heading` names the last column).
 */
export function IssueTable({
  issues,
  className,
  heading,
  sheetName,
}: {
  issues: ImportReport["issues"];
  className: string;
  heading: string;
  sheetName?: { header: string; of: (sheet: string) => string } | undefined;
}) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table className={className}>
        <thead>
          <tr>
            {sheetName && <th>{sheetName.header}</th>}
            <th>{t("reg.import.row")}</th>
            <th>{t("reg.import.column")}</th>
            <th>{heading}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i) => (
            <tr key={`${i.sheet}-${i.row}-${i.column}-${i.code}`}>
              {sheetName && <td>{sheetName.of(i.sheet ?? "")}</td>}
              <td>{i.row}</td>
              <td>{i.columnLabel ?? "—"}</td>
              <td>{i.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Fetching a file's problems as a spreadsheet, which the server builds from the whole file: on a
 * slow link that takes a while, so the button says it is being prepared and a second click asks
 * nothing more. A refusal is shown beside it; anything else is a fault, thrown as useSubmit does.
 */
function useProblemsFile() {
  const { busy: preparing, run } = useOneAtATime();
  const [error, setError] = useState<ApiProblem | null>(null);
  const save = (path: string, file: File, csrf: string | null) =>
    run(async () => {
      setError(null);
      try {
        await downloadFile(path, { body: file, csrf });
      } catch (err) {
        if (!(err instanceof ApiProblem)) throw err;
        setError(err);
      }
    });
  return { preparing, error, save, forget: () => setError(null) };
}

const SPREADSHEETS = ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * A spreadsheet import: choose a file, check it (a valid file is written at once), read the
 * problems, and optionally write only the valid part. The page says what a report means.
 * With `checkFirst`, the check writes nothing (`dryRun=true`): the report is read before anything
 * is written, and only then does a second button, under it and named for what it writes, write
 * the checked file.
 */
export function FileImport<R extends ImportReport>({
  path,
  summary,
  validCount,
  acceptLabel,
  accept = SPREADSHEETS,
  fileLabel,
  hint,
  checkFirst,
  sheetName,
  details,
  problemsFile,
}: {
  path: string;
  summary: (report: R) => ReactNode;
  /** How many rows "write only the valid ones" would write; without it, no such button. */
  validCount?: (report: R) => number;
  acceptLabel?: (count: number, report: R) => string;
  accept?: string;
  fileLabel?: string;
  hint?: ReactNode;
  /** The check's button, and the write's, named from the check's report. */
  checkFirst?: { check: string; write: (report: R) => string };
  /** The issues' sheet column, for files with several sheets. */
  sheetName?: { header: string; of: (sheet: string) => string };
  /** What else the page shows of a report, below its problems. */
  details?: (report: R) => ReactNode;
  /**
   * Where the same file is sent to get its check's problems as a spreadsheet, to take to whoever
   * keeps the file. After only the valid part is written, the rows left out are what the clerk must
   * fix: they are asked for with `written=true` (checked again, the written rows would read otherwise).
   */
  problemsFile?: string;
}) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<R | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const sending = useUpload();
  const busy = sending.busy;
  const problems = useProblemsFile();
  /** The last sending's query, for sending the same again after no answer came. */
  const [lastQuery, setLastQuery] = useState("");

  async function run(query: string) {
    if (!file) return;
    setError(null);
    problems.forget();
    setLastQuery(query);
    const csrf = session?.csrfToken ?? null;
    try {
      // A check (dryRun=true) writes nothing, whatever became of it.
      const answer = await sending.send(query !== "dryRun=true", (watch) =>
        uploadFile<R>(path, file, query, csrf, watch),
      );
      if (answer) setReport(answer);
    } catch (err) {
      setError(err instanceof ApiProblem ? err : new ApiProblem(0, "internal", ""));
    }
  }
  function check(e: FormEvent) {
    e.preventDefault();
    void run(checkFirst ? "dryRun=true" : "");
  }
  const valid = report && validCount ? validCount(report) : 0;
  // Before the write, every problem and warning; after it, the rows left out, if any were.
  const problemsOffered =
    problemsFile !== undefined &&
    report !== null &&
    (report.imported ? report.issues.length > 0 : report.issues.length + (report.warnings?.length ?? 0) > 0);

  return (
    <>
      <form className="card form" onSubmit={check}>
        {hint && <p className="muted">{hint}</p>}
        <Field label={fileLabel ?? t("reg.import.file")}>
          <FilePicker
            name="file"
            accept={accept}
            disabled={busy}
            onChoose={(chosen) => {
              setFile(chosen);
              setReport(null);
              setError(null);
              problems.forget();
              sending.forget();
            }}
          />
        </Field>
        <div className="actions">
          <button type="submit" className={checkFirst ? undefined : "primary"} disabled={!file || busy}>
            {checkFirst ? checkFirst.check : t("reg.import.run")}
          </button>
        </div>
        <UploadStatus upload={sending.upload} onCancel={sending.cancel} />
      </form>
      <UnansweredUpload notice={sending.notice} busy={busy} onSendAgain={() => void run(lastQuery)} />
      {error && <ErrorState error={error} />}
      {report && (
        <div className="card" aria-live="polite">
          <p role="status">{summary(report)}</p>
          {problemsOffered && file && (
            <>
              <div className="actions">
                <button
                  type="button"
                  className="problems-file"
                  disabled={busy || problems.preparing}
                  aria-busy={problems.preparing}
                  onClick={() =>
                    void problems.save(
                      report.imported ? `${problemsFile}?written=true` : problemsFile,
                      file,
                      session?.csrfToken ?? null,
                    )
                  }
                >
                  {problems.preparing
                    ? t("reg.import.problemsFilePreparing")
                    : t(report.imported ? "reg.import.leftOutFile" : "reg.import.problemsFile")}
                </button>
              </div>
              {problems.error && <ErrorState error={problems.error} />}
            </>
          )}
          {report.issues.length > 0 && (
            <>
              <IssueTable
                issues={report.issues}
                className="issues"
                heading={t("reg.import.problem")}
                sheetName={sheetName}
              />
              {!report.imported && valid > 0 && acceptLabel && (
                <button type="button" onClick={() => void run("acceptValid=true")} disabled={busy}>
                  {acceptLabel(valid, report)}
                </button>
              )}
            </>
          )}
          {details?.(report)}
          {/* Only a checked file with no problems and something to write, once: a second write would add it again. */}
          {checkFirst && !report.imported && report.issues.length === 0 && (!validCount || valid > 0) && (
            <div className="actions">
              <button
                type="button"
                className="primary import-write"
                disabled={busy}
                onClick={() => void run("dryRun=false")}
              >
                {checkFirst.write(report)}
              </button>
            </div>
          )}
        </div>
      )}
    </>
  );
}
