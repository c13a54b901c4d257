import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiProblem, changeAnswered, idempotencyKeyFor } from "./api.js";
import { formatMegabytes, percentSent } from "./format.js";
import { currentLocale } from "./i18n.js";
import { useSession } from "./session.js";
import { ErrorState } from "./ui.js";

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
  imported: object | null;
}

const SPREADSHEETS = ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** What a page hears of an upload on its way: bytes sent of all, then that all are up. */
export interface UploadWatch {
  onProgress?: (sent: number, total: number) => void;
  /** Every byte is up; the server is reading the file now. */
  onSent?: () => void;
  signal?: AbortSignal;
}

/** The user stopped an upload before its answer came; `afterSending`: the server had every byte. */
export class UploadCancelled extends Error {
  constructor(readonly afterSending: boolean) {
    super("upload cancelled");
  }
}

/**
 * A file goes up as its own bytes (xlsx, CSV or GeoJSON: the server tells them apart by their
 * first bytes), so the JSON client is not used. XMLHttpRequest rather than fetch: only it tells
 * how much of the body has gone, which a household book on a village link needs for minutes.
 * A lost link is a network problem (repeatable once every byte was up), a stop is
 * UploadCancelled; either way the key stays, so the same file sent again is answered from its
 * first sending if that got through.
 */
export function uploadFile<R>(
  path: string,
  file: File,
  query: string,
  csrf: string | null,
  watch: UploadWatch = {},
): Promise<R> {
  // The same file sent again after a lost answer goes under the same key (see idempotencyKeyFor).
  const upload = `POST ${path}?${query}\n${file.name}\n${file.size}\n${file.lastModified}`;
  return new Promise<R>((resolve, reject) => {
    if (watch.signal?.aborted) return reject(new UploadCancelled(false));
    const request = new XMLHttpRequest();
    let sent = false;
    request.open("POST", `${path}?${query}`);
    request.setRequestHeader("content-type", "application/octet-stream");
    request.setRequestHeader("x-csrf-token", csrf ?? "");
    request.setRequestHeader("accept-language", currentLocale());
    request.setRequestHeader("idempotency-key", idempotencyKeyFor(upload));
    // Upload listeners must be in place before send(), or the browser reports no progress.
    request.upload.onprogress = (e) => watch.onProgress?.(e.loaded, e.lengthComputable ? e.total : file.size);
    request.upload.onload = () => {
      sent = true;
      watch.onSent?.();
    };
    request.onload = () => {
      const ok = request.status >= 200 && request.status < 300;
      changeAnswered(upload, ok);
      let data: (R & { code?: string; title?: string }) | null = null;
      try {
        data = JSON.parse(request.responseText) as R & { code?: string; title?: string };
      } catch {
        // A proxy's error page is no JSON: the page then says, in our language, that it failed.
      }
      if (!ok || data === null)
        reject(new ApiProblem(request.status, data?.code ?? "internal", data?.title ?? ""));
      else resolve(data);
    };
    // Lost before every byte was up, the body was never read (the server parses it whole first).
    request.onerror = () => reject(new ApiProblem(0, "network", "", [], sent));
    request.onabort = () => reject(new UploadCancelled(sent));
    watch.signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(file);
  });
}

type Upload = { phase: "idle" | "sending" | "checking"; sent: number; total: number };
const IDLE: Upload = { phase: "idle", sent: 0, total: 0 };

/** What the page says of a sending that got no answer; each offers to send the same file again. */
type UnansweredNotice = "cancelled" | "cancelledChecking" | "lost" | "networkRepeatable";

/**
 * A stop or a lost link, told by how far the file got: a body the server never had whole was
 * never read (it parses the whole body before any handler runs), so nothing was written; one it
 * had may have been, unless it was only a check (dryRun=true writes nothing). A server's own
 * answer is no such notice (null).
 */
function unansweredNotice(err: unknown, query: string): UnansweredNotice | null {
  const onlyChecked = query === "dryRun=true";
  if (err instanceof UploadCancelled)
    return err.afterSending && !onlyChecked ? "cancelledChecking" : "cancelled";
  if (err instanceof ApiProblem && err.code === "network")
    return err.repeatable ? "networkRepeatable" : "lost";
  return null;
}

/**
 * The sending's progress and, once the bytes are up, that the server is checking. Only the phase
 * is announced (aria-live): a screen reader reading every percent would drown the page.
 */
function UploadStatus({ upload }: { upload: Upload }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const phaseId = useId();
  const percent = percentSent(upload.sent, upload.total);
  const progress = t("upload.progress", {
    percent,
    sent: formatMegabytes(upload.sent, locale, upload.total),
    total: formatMegabytes(upload.total, locale),
  });
  return (
    <div className="upload-status">
      {/* A live region that is always there (no role=status: a page's report is its status). */}
      <p aria-live="polite" id={phaseId}>
        {upload.phase === "sending" && t("upload.sending")}
        {upload.phase === "checking" && t("upload.checking")}
      </p>
      {upload.phase === "sending" && (
        <>
          <progress
            value={upload.sent}
            max={Math.max(upload.total, 1)}
            aria-labelledby={phaseId}
            aria-valuetext={progress}
          />
          <p className="upload-progress muted">{progress}</p>
        </>
      )}
    </div>
  );
}

/**
 * A spreadsheet import: choose a file, check it (a valid file is written at once), read the
 * problems, and optionally write only the valid part. The page says what a report means.
 * With `checkFirst`, the check writes nothing (`dryRun=true`) and a second button writes the
 * whole file, for imports that are all or nothing.
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
}: {
  path: string;
  summary: (report: R) => ReactNode;
  /** How many rows "write only the valid ones" would write; without it, no such button. */
  validCount?: (report: R) => number;
  acceptLabel?: (count: number) => string;
  accept?: string;
  fileLabel?: string;
  hint?: ReactNode;
  checkFirst?: { check: string; write: string };
  /** The issues' sheet column, for files with several sheets. */
  sheetName?: { header: string; of: (sheet: string) => string };
  /** What else the page shows of a report, below its problems. */
  details?: (report: R) => ReactNode;
}) {
  const { t } = useTranslation();
  const { session } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<R | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [upload, setUpload] = useState<Upload>(IDLE);
  /** What became of the last sending that got no report: the page offers to send it again. */
  const [unanswered, setUnanswered] = useState<{ query: string; notice: UnansweredNotice } | null>(null);
  const stop = useRef<AbortController | null>(null);
  const busy = upload.phase !== "idle";
  // Leaving the page stops a sending no one would see the end of, and frees the slow link.
  useEffect(() => () => stop.current?.abort(), []);

  async function run(query: string) {
    if (!file) return;
    const controller = new AbortController();
    stop.current = controller;
    setUpload({ phase: "sending", sent: 0, total: file.size });
    setError(null);
    setUnanswered(null);
    try {
      const answer = await uploadFile<R>(path, file, query, session?.csrfToken ?? null, {
        signal: controller.signal,
        onProgress: (sent, total) => setUpload({ phase: "sending", sent, total }),
        onSent: () => setUpload((u) => ({ ...u, phase: "checking" })),
      });
      setReport(answer);
    } catch (err) {
      const notice = unansweredNotice(err, query);
      if (notice) setUnanswered({ query, notice });
      else setError(err instanceof ApiProblem ? err : new ApiProblem(0, "internal", ""));
    } finally {
      stop.current = null;
      setUpload(IDLE);
    }
  }
  function check(e: FormEvent) {
    e.preventDefault();
    void run(checkFirst ? "dryRun=true" : "");
  }
  const valid = report && validCount ? validCount(report) : 0;

  return (
    <>
      <form className="card form" onSubmit={check}>
        {hint && <p className="muted">{hint}</p>}
        <label className="field">
          <span className="field-label">{fileLabel ?? t("reg.import.file")}</span>
          <input
            type="file"
            name="file"
            accept={accept}
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setReport(null);
              setError(null);
              setUnanswered(null);
            }}
          />
        </label>
        <div className="actions">
          <button type="submit" className={checkFirst ? undefined : "primary"} disabled={!file || busy}>
            {checkFirst ? checkFirst.check : t("reg.import.run")}
          </button>
          {checkFirst && (
            <button
              type="button"
              className="primary"
              disabled={!file || busy || (report !== null && report.issues.length > 0)}
              onClick={() => void run("dryRun=false")}
            >
              {checkFirst.write}
            </button>
          )}
          {busy && (
            <button type="button" className="upload-cancel" onClick={() => stop.current?.abort()}>
              {t("upload.cancel")}
            </button>
          )}
        </div>
        <UploadStatus upload={upload} />
      </form>
      {unanswered && (
        <div className="state upload-unanswered" role={unanswered.notice === "lost" ? "alert" : "status"}>
          <p>
            {unanswered.notice === "networkRepeatable"
              ? t("errors.networkRepeatable")
              : t(`upload.${unanswered.notice}`)}
          </p>
          <button type="button" disabled={busy} onClick={() => void run(unanswered.query)}>
            {t("upload.sendAgain")}
          </button>
        </div>
      )}
      {error && <ErrorState error={error} />}
      {report && (
        <div className="card" aria-live="polite">
          <p role="status">{summary(report)}</p>
          {report.issues.length > 0 && (
            <>
              <div className="table-wrap">
                <table className="issues">
                  <thead>
                    <tr>
                      {sheetName && <th>{sheetName.header}</th>}
                      <th>{t("reg.import.row")}</th>
                      <th>{t("reg.import.column")}</th>
                      <th>{t("reg.import.problem")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.issues.map((i) => (
                      <tr key={`${i.sheet}-${i.row}-${i.column}-${i.code}`}>
                        {sheetName && <td data-label={sheetName.header}>{sheetName.of(i.sheet ?? "")}</td>}
                        <td data-label={t("reg.import.row")}>{i.row}</td>
                        <td data-label={t("reg.import.column")}>{i.columnLabel ?? "—"}</td>
                        <td data-label={t("reg.import.problem")}>{i.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {!report.imported && valid > 0 && acceptLabel && (
                <button type="button" onClick={() => void run("acceptValid=true")} disabled={busy}>
                  {acceptLabel(valid)}
                </button>
              )}
            </>
          )}
          {details?.(report)}
        </div>
      )}
    </>
  );
}
