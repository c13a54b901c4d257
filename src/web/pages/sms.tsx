import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import type { Locale } from "../../domain/places/units.js";
import { SMS_STATUSES, type SmsStatus, smsSegments } from "../../domain/shared/phone.js";
import type { SmsFailure } from "../../domain/shared/sms-failure.js";
import { formatDateTime } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { useSession } from "../app/session.js";
import {
  EmptyState,
  ErrorState,
  Field,
  FormActions,
  LanguageOptions,
  Loaded,
  useKeysetPages,
  useSubmit,
} from "../app/ui.js";

/** What the service sends messages for; another purpose shows as written. */
const PURPOSES = ["manual", "rotation", "billing-reminder"];

interface SmsMessage {
  id: string;
  toPhone: string;
  locale: string;
  body: string;
  segments: number;
  purpose: string;
  status: SmsStatus;
  attempts: number;
  nextAttemptAt: string;
  failure: SmsFailure | null;
  lastError: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** The list's filters as the address keeps them: a state and a phone, each only when chosen. */
function listParams(status: string, to: string) {
  return new URLSearchParams([...(status ? [["status", status]] : []), ...(to ? [["to", to]] : [])]);
}

/**
 * The organisation's SMS outbox: what was queued for its water users and households (turns of a
 * rotation, reminders of a debt, a message typed here), where each one stands, and why one failed;
 * a failed or cancelled message can be sent again, and a message to one phone written here.
 */
export default function SmsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get("status") ?? "";
  // One phone's messages (a farmer asking whether his turn was sent), written any way.
  const to = params.get("to") ?? "";
  const query = listParams(status, to).toString();
  const list = useKeysetPages<SmsMessage, { sending: boolean }>(query ? `/api/sms?${query}` : "/api/sms");
  const [writing, setWriting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const retry = useSubmit(() => list.reload());

  return (
    <section>
      <div className="page-head">
        <h1>{t("smsPage.title")}</h1>
        {can("sms.manage") && !writing && (
          <button type="button" className="primary" onClick={() => setWriting(true)}>
            {t("smsPage.write")}
          </button>
        )}
      </div>
      <p className="muted">{t("smsPage.hint")}</p>
      {list.first.data?.sending === false && (
        <p className="notice notice-warning" role="note">
          {t("smsPage.notSending", { setting: "AIMAK_SMS_GATEWAY_URL" })}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {writing && (
        <WriteSms
          onCancel={() => setWriting(false)}
          onSent={(to) => {
            setWriting(false);
            setNotice(t("smsPage.queued", { to }));
            list.reload();
          }}
        />
      )}
      <form
        className="filters"
        aria-label={t("smsPage.filters")}
        onSubmit={(e) => {
          e.preventDefault();
          const to = String(new FormData(e.currentTarget).get("to") ?? "").trim();
          setParams(listParams(status, to));
        }}
      >
        <label className="field">
          <span className="field-label">{t("smsPage.status")}</span>
          <select name="status" value={status} onChange={(e) => setParams(listParams(e.target.value, to))}>
            <option value="">{t("smsPage.anyStatus")}</option>
            {SMS_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`smsPage.statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t("smsPage.to")}</span>
          <input name="to" type="tel" defaultValue={to} key={to} placeholder="0555 12 34 56" />
        </label>
        <button type="submit">{t("common.apply")}</button>
      </form>
      {retry.message}
      <Loaded state={list.first}>
        {(first) => {
          const messages = [...first.items, ...list.more];
          if (messages.length === 0) return <EmptyState />;
          return (
            <>
              <div className="table-wrap">
                <table className="sms">
                  <thead>
                    <tr>
                      <th>{t("smsPage.createdAt")}</th>
                      <th>{t("smsPage.to")}</th>
                      <th>{t("smsPage.purpose")}</th>
                      <th>{t("smsPage.body")}</th>
                      <th>{t("smsPage.status")}</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {messages.map((m) => (
                      <SmsRow
                        key={m.id}
                        message={m}
                        retrying={retry.busy}
                        onRetry={
                          can("sms.manage") && (m.status === "failed" || m.status === "cancelled")
                            ? () => void retry.send("POST", `/api/sms/${m.id}/retry`)
                            : null
                        }
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              {list.moreError && <ErrorState error={list.moreError} onRetry={() => void list.loadMore()} />}
              {list.nextCursor && (
                <button type="button" onClick={() => void list.loadMore()}>
                  {t("common.loadMore")}
                </button>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

function SmsRow({
  message: m,
  retrying,
  onRetry,
}: {
  message: SmsMessage;
  retrying: boolean;
  onRetry: (() => void) | null;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  // Where the message stands, with the moment that says so (a next attempt is in its failure's note).
  const when =
    m.status === "delivered" && m.deliveredAt
      ? m.deliveredAt
      : m.status === "sent" && m.sentAt
        ? m.sentAt
        : null;
  return (
    <tr className={`sms-${m.status}`}>
      <td>{formatDateTime(m.createdAt, locale)}</td>
      <td>{m.toPhone}</td>
      <td>{PURPOSES.includes(m.purpose) ? t(`smsPage.purposes.${m.purpose}`) : m.purpose}</td>
      <td>
        {m.body}
        {m.segments > 1 && <small className="muted"> · {t("smsPage.segments", { count: m.segments })}</small>}
      </td>
      <td>
        <span className="badge">{t(`smsPage.statuses.${m.status}`)}</span>
        {when && <small className="muted"> {formatDateTime(when, locale)}</small>}
        {m.attempts > 0 && m.status !== "delivered" && m.status !== "sent" && (
          <small className="muted"> · {t("smsPage.attempts", { count: m.attempts })}</small>
        )}
        {m.failure && <FailureNote message={m} failure={m.failure} />}
      </td>
      <td>
        {onRetry && (
          <button type="button" disabled={retrying} onClick={onRetry}>
            {t("smsPage.retry")}
          </button>
        )}
      </td>
    </tr>
  );
}

/**
 * Why the last attempt failed and what comes of it, in the reader's language: when the outbox tries
 * again, or, when it has stopped, what the clerk can do. The gateway's own words (an English error,
 * an HTTP answer) come after, small, for whoever takes it up with the operator.
 */
function FailureNote({ message: m, failure }: { message: SmsMessage; failure: SmsFailure }) {
  const { t } = useTranslation();
  const next =
    m.status === "queued"
      ? t("smsPage.nextAttempt", { time: formatDateTime(m.nextAttemptAt, currentLocale()) })
      : m.status === "sending"
        ? t("smsPage.sendingAgain")
        : t(`smsPage.whatToDo.${failure}`);
  const settled = m.status === "failed" || m.status === "cancelled";
  return (
    <span className="sms-failure">
      <span className={settled ? "field-error" : undefined}>
        {t(`smsPage.failures.${failure}`)} {next}
      </span>
      {m.lastError && (
        <small className="muted sms-words">{t("smsPage.technicalDetail", { words: m.lastError })}</small>
      )}
    </span>
  );
}

/** A message to one phone: its cost in SMS is shown as it is typed (Cyrillic takes 70 letters an SMS). */
function WriteSms({ onSent, onCancel }: { onSent: (to: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState("");
  const { send, fields, message, busy } = useSubmit(() => {});
  const cost = smsSegments(body.trim());

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const sent = await send<SmsMessage>("POST", "/api/sms", {
      to: String(form.get("to") ?? ""),
      body,
      locale: String(form.get("locale") ?? "ky") as Locale,
    });
    if (sent) onSent(sent.toPhone);
  }

  return (
    <form className="card form" onSubmit={submit} aria-label={t("smsPage.write")}>
      <div className="form-grid">
        <Field label={t("smsPage.to")} error={fields.to}>
          <input name="to" type="tel" required minLength={5} maxLength={30} placeholder="0555 12 34 56" />
        </Field>
        <Field label={t("smsPage.language")}>
          <select name="locale" defaultValue={currentLocale()}>
            <LanguageOptions />
          </select>
        </Field>
      </div>
      <Field
        label={t("smsPage.body")}
        error={fields.body}
        hint={t("smsPage.cost", { count: cost.segments, letters: body.trim().length })}
      >
        <textarea
          name="body"
          required
          maxLength={1000}
          rows={4}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </Field>
      {message}
      <FormActions saving={busy} onCancel={onCancel} saveLabel={t("smsPage.send")} />
    </form>
  );
}
