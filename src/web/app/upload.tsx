import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiProblem, changeAnswered, idempotencyKeyFor, problemOfBody } from "./api.js";
import { formatMegabytes, percentSent } from "./format.js";
import { currentLocale } from "./i18n.js";

/**
 * Sending a large body (a household book, a weather record) on a slow link: its progress, a
 * Cancel, and what the page says when it got no answer. XMLHttpRequest rather than fetch: only it
 * tells how much of a body has gone, which a book on a village link needs for minutes.
 */

/** What a page hears of a sending on its way: bytes sent of all, then that all are up. */
export interface UploadWatch {
  onProgress?: (sent: number, total: number) => void;
  /** Every byte is up; the server is reading the body now. */
  onSent?: () => void;
  signal?: AbortSignal;
}

/** The user stopped a sending before its answer came; `afterSending`: the server had every byte. */
export class UploadCancelled extends Error {
  constructor(readonly afterSending: boolean) {
    super("upload cancelled");
  }
}

/**
 * POSTs `body` under the Idempotency-Key of `change` (see idempotencyKeyFor). A lost link is a
 * network problem (repeatable once every byte was up), a stop is UploadCancelled; either way the
 * key stays, so the same body sent again is answered from its first sending if that got through.
 */
function postWithProgress<R>(
  url: string,
  body: Blob | string,
  contentType: string,
  change: string,
  csrf: string | null,
  watch: UploadWatch,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    if (watch.signal?.aborted) return reject(new UploadCancelled(false));
    const request = new XMLHttpRequest();
    let sent = false;
    request.open("POST", url);
    request.setRequestHeader("content-type", contentType);
    request.setRequestHeader("x-csrf-token", csrf ?? "");
    request.setRequestHeader("accept-language", currentLocale());
    request.setRequestHeader("idempotency-key", idempotencyKeyFor(change));
    // Upload listeners must be in place before send(), or the browser reports no progress.
    request.upload.onprogress = (e) => watch.onProgress?.(e.loaded, e.total);
    request.upload.onload = () => {
      sent = true;
      watch.onSent?.();
    };
    request.onload = () => {
      const ok = request.status >= 200 && request.status < 300;
      changeAnswered(change, ok);
      if (!ok) return reject(problemOfBody(request.status, request.statusText, request.responseText));
      try {
        resolve(JSON.parse(request.responseText) as R);
      } catch {
        // An answer that is no JSON (a proxy's page) is said, in our language, to have failed.
        reject(new ApiProblem(request.status, "internal", ""));
      }
    };
    // Lost before every byte was up, the body was never read (the server parses it whole first).
    request.onerror = () => reject(new ApiProblem(0, "network", "", [], sent));
    request.onabort = () => reject(new UploadCancelled(sent));
    watch.signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(body);
  });
}

/**
 * A file goes up as its own bytes (xlsx, CSV or GeoJSON: the server tells them apart by their
 * first bytes), so the JSON client is not used.
 */
export function uploadFile<R>(
  path: string,
  file: File,
  query: string,
  csrf: string | null,
  watch: UploadWatch = {},
): Promise<R> {
  // The same file sent again after a lost answer goes under the same key (see idempotencyKeyFor).
  const change = `POST ${path}?${query}\n${file.name}\n${file.size}\n${file.lastModified}`;
  return postWithProgress(`${path}?${query}`, file, "application/octet-stream", change, csrf, watch);
}

/** A JSON body large enough to want progress (a CSV inside it), keyed as api() keys a change. */
export function postJsonWithProgress<R>(
  path: string,
  body: unknown,
  csrf: string | null,
  watch: UploadWatch = {},
): Promise<R> {
  const json = JSON.stringify(body);
  return postWithProgress(path, json, "application/json", `POST ${path}\n${json}`, csrf, watch);
}

type Upload = { phase: "idle" | "sending" | "checking"; sent: number; total: number };
const IDLE: Upload = { phase: "idle", sent: 0, total: 0 };

/** What the page says of a sending that got no answer; each offers to send the same again. */
type UnansweredNotice = "cancelled" | "cancelledChecking" | "lost" | "networkRepeatable";

/**
 * A stop or a lost link, told by how far the body got: one the server never had whole was never
 * read (it parses the whole body before any handler runs), so nothing was written; one it had may
 * have been, unless the request only checks (`writes` false). A server's own answer is no such
 * notice (null).
 */
function unansweredNotice(err: unknown, writes: boolean): UnansweredNotice | null {
  if (err instanceof UploadCancelled) return err.afterSending && writes ? "cancelledChecking" : "cancelled";
  if (err instanceof ApiProblem && err.code === "network")
    return err.repeatable ? "networkRepeatable" : "lost";
  return null;
}

/**
 * One form's sending: its progress, its Cancel, and its notice when no answer came. `send` gives
 * the answer, or null when none came (the notice says why); a server's refusal is thrown.
 */
export function useUpload() {
  const [upload, setUpload] = useState<Upload>(IDLE);
  const [notice, setNotice] = useState<UnansweredNotice | null>(null);
  const stop = useRef<AbortController | null>(null);
  // Leaving the page stops a sending no one would see the end of, and frees the slow link.
  useEffect(() => () => stop.current?.abort(), []);

  async function send<R>(writes: boolean, post: (watch: UploadWatch) => Promise<R>): Promise<R | null> {
    const controller = new AbortController();
    stop.current = controller;
    setUpload({ phase: "sending", sent: 0, total: 0 });
    setNotice(null);
    try {
      return await post({
        signal: controller.signal,
        onProgress: (sent, total) => setUpload({ phase: "sending", sent, total }),
        onSent: () => setUpload((u) => ({ ...u, phase: "checking" })),
      });
    } catch (err) {
      const unanswered = unansweredNotice(err, writes);
      if (!unanswered) throw err;
      setNotice(unanswered);
      return null;
    } finally {
      stop.current = null;
      setUpload(IDLE);
    }
  }
  return {
    upload,
    busy: upload.phase !== "idle",
    notice,
    send,
    cancel: () => stop.current?.abort(),
    forget: () => setNotice(null),
  };
}

/**
 * The sending's progress and, once the bytes are up, that the server is checking, with a Cancel.
 * Only the phase is announced (aria-live): a screen reader reading every percent would drown the
 * page. The region is always there (no role=status: a page's report is its status).
 */
export function UploadStatus({ upload, onCancel }: { upload: Upload; onCancel: () => void }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const phaseId = useId();
  const progress = t("upload.progress", {
    percent: percentSent(upload.sent, upload.total),
    sent: formatMegabytes(upload.sent, locale, upload.total),
    total: formatMegabytes(upload.total, locale),
  });
  return (
    <div className="upload-status">
      <p aria-live="polite" id={phaseId}>
        {upload.phase === "sending" && t("upload.sending")}
        {upload.phase === "checking" && t("upload.checking")}
      </p>
      {/* Until the browser tells the size, the bar only says that something is going. */}
      {upload.phase === "sending" && upload.total === 0 && <progress aria-labelledby={phaseId} />}
      {upload.phase === "sending" && upload.total > 0 && (
        <>
          <progress
            value={upload.sent}
            max={upload.total}
            aria-labelledby={phaseId}
            aria-valuetext={progress}
          />
          <p className="upload-progress muted">{progress}</p>
        </>
      )}
      {upload.phase !== "idle" && (
        <button type="button" className="upload-cancel" onClick={onCancel}>
          {t("upload.cancel")}
        </button>
      )}
    </div>
  );
}

/** What became of a sending that got no answer, and a button to send the same again. */
export function UnansweredUpload({
  notice,
  busy,
  onSendAgain,
}: {
  notice: UnansweredNotice | null;
  busy: boolean;
  onSendAgain: () => void;
}) {
  const { t } = useTranslation();
  if (!notice) return null;
  // A cut link is a failure the user did not choose; a Cancel is what they asked for.
  const failed = notice === "lost" || notice === "networkRepeatable";
  return (
    <div
      className={`state upload-unanswered${failed ? " state-error" : ""}`}
      role={failed ? "alert" : "status"}
    >
      <p>{notice === "networkRepeatable" ? t("errors.networkRepeatable") : t(`upload.${notice}`)}</p>
      <button type="button" disabled={busy} onClick={onSendAgain}>
        {t("upload.sendAgain")}
      </button>
    </div>
  );
}
