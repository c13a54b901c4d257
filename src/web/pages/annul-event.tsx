import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ANNULLABLE_EVENTS } from "../../domain/registry/life-events.js";
import { Field, FormActions, useSubmit } from "../app/ui.js";
import type { HouseholdCard } from "../register/api.js";

type CardEvent = HouseholdCard["events"][number];

/** Whether the history offers "registered by mistake" on an event: a kind that can be undone, once. */
export const mayAnnul = (event: CardEvent) =>
  event.annulledAt === null && (ANNULLABLE_EVENTS as readonly string[]).includes(event.kind);

/**
 * "Registered by mistake" on a history row: the clerk confirms what will be undone and says why;
 * the server undoes it or names what stands in the way, and the card is read again.
 */
export function AnnulEvent({
  householdId,
  event,
  label,
  onDone,
}: {
  householdId: string;
  event: CardEvent;
  /** The row's own words ("Death: Osmonov Timur"), repeated in the confirmation. */
  label: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const { send, fields, message, busy } = useSubmit(onDone);
  if (!confirming)
    return (
      <button type="button" className="link no-print" onClick={() => setConfirming(true)}>
        {t("reg.annul.action")}
      </button>
    );
  function annul(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void send("POST", `/api/registry/households/${householdId}/events/${event.id}/annul`, {
      reason: new FormData(e.currentTarget).get("reason"),
    });
  }
  return (
    <form className="form no-print annul-event" onSubmit={annul}>
      <p role="note">{t("reg.annul.confirm", { event: label })}</p>
      <Field label={t("reg.annul.reason")} error={fields.reason}>
        <input name="reason" required />
      </Field>
      {message}
      <FormActions
        saving={busy}
        onCancel={() => setConfirming(false)}
        saveLabel={t("reg.annul.save")}
        cancelLabel={t("reg.annul.keep")}
      />
    </form>
  );
}
