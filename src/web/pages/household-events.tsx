import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { relationToNewHead } from "../../domain/registry/life-events.js";
import { countryName, headOf, relationWordKey } from "../../domain/registry/vocabulary.js";
import { formatNumber, withUnit } from "../../domain/shared/number-format.js";
import { isIsoDay } from "../../domain/shared/paper-date.js";
import { api } from "../app/api.js";
import { currentLocale } from "../app/i18n.js";
import { Field } from "../app/ui.js";
import type { HouseholdCard, LandPlot, Member, Relation } from "../register/api.js";
import { RelationOptions, RelationWarnings } from "../register/person-fields.js";

type CardEvent = HouseholdCard["events"][number];

/** The relations to a new head the clerk chose instead of the suggested ones, by person. */
export type ChosenRelations = Record<string, Relation>;

/**
 * Each staying member's relation to the new head: the one the clerk chose, else the one suggested;
 * undefined while neither (the form asks for it).
 */
export function relationsToHead(staying: Member[], newHead: Member, chosen: ChosenRelations) {
  return staying.map((m) => ({
    personId: m.id,
    relation:
      chosen[m.id] ??
      relationToNewHead(
        { relation: m.relation as Relation, sex: m.sex },
        { relation: newHead.relation as Relation },
      ),
  }));
}

/** A household of this municipality by its number in the book, or an error to show. */
export async function householdByNumber(number: string): Promise<string | null> {
  const found = await api<{ items: { id: string; number: number }[] }>(
    "GET",
    `/api/registry/households?q=${encodeURIComponent(number)}`,
  );
  return found.items.find((h) => String(h.number) === number)?.id ?? null;
}

/**
 * The head of another household of the book on day `on`, by its number as the clerk types it: whom
 * a member marrying into it that day takes a relation to (today's head may have come after), with
 * the head's spouse then, if any (a second one is unlikely: the form says so). Undefined while
 * unknown (no such number, no head that day, no day typed, or not found yet).
 */
export function useHeadByNumber(
  number: string,
  on: string,
): { head: Member; spouse: Member | undefined } | undefined {
  const [found, setFound] = useState<{ head: Member; spouse: Member | undefined }>();
  useEffect(() => {
    setFound(undefined);
    if (!/^\d+$/.test(number) || !isIsoDay(on)) return;
    let current = true;
    householdByNumber(number)
      .then((id) =>
        id && current
          ? api<HouseholdCard>("GET", `/api/registry/households/${id}?asOf=${encodeURIComponent(on)}`)
          : null,
      )
      .then(
        (card) => {
          const head = card && headOf(card.members);
          if (current && card && head)
            setFound({ head, spouse: card.members.find((m) => m.relation === "spouse") });
        },
        // A look-up that failed only loses the warning; saving still says what it must.
        () => undefined,
      );
    return () => {
      current = false;
    };
  }, [number, on]);
  return found;
}

/**
 * What each member who stays will be to the new head, suggested from their relations to the old
 * head (the old head's wife heading, his sons are hers) and changed by the clerk where it is wrong;
 * where it cannot be told the clerk must choose before saving. A relation the birth dates make
 * unlikely is said under it, as of `on`, the day of the change.
 */
export function RelationsToNewHead({
  staying,
  newHead,
  chosen,
  on,
  onChange,
}: {
  staying: Member[];
  newHead: Member;
  chosen: ChosenRelations;
  on: string;
  onChange: (chosen: ChosenRelations) => void;
}) {
  const { t } = useTranslation();
  const relations = relationsToHead(staying, newHead, chosen);
  if (staying.length === 0) return null;
  return (
    <fieldset className="relations-to-head">
      <legend>{t("reg.relationsToNewHead", { name: `${newHead.surname} ${newHead.givenName}` })}</legend>
      <div className="form-grid">
        {staying.map((m, i) => {
          const { relation } = relations[i]!;
          return (
            <Field key={m.id} label={`${m.surname} ${m.givenName}`}>
              <select
                name={`relationToHead-${m.id}`}
                value={relation ?? ""}
                required
                onChange={(e) => onChange({ ...chosen, [m.id]: e.target.value as Relation })}
              >
                {!relation && <option value="">{t("common.chooseOne")}</option>}
                <RelationOptions withoutHead />
              </select>
              {relation && (
                <RelationWarnings member={{ relation, birthDate: m.birthDate }} head={newHead} on={on} />
              )}
            </Field>
          );
        })}
      </div>
    </fieldset>
  );
}

/** The other household of a split, as its event recorded it. */
const splitHousehold = (event: CardEvent, side: "fromHousehold" | "newHousehold") =>
  event.details[side] as { id: string; number: number } | undefined;

/** A household split off from another says so at the top of its card, with a link to the other. */
export function SplitFrom({ card }: { card: HouseholdCard }) {
  const { t } = useTranslation();
  const split = card.events.find((e) => e.kind === "household-split" && e.otherHouseholdId === card.id);
  const from = split && splitHousehold(split, "fromHousehold");
  if (!from) return null;
  return (
    <p className="split-from">
      <HouseholdLink id={from.id}>{t("reg.splitOffFrom", { number: from.number })}</HouseholdLink>
    </p>
  );
}

/** A plot as the card names it: its cadastral number where it has one, its area and category. */
export function usePlotName() {
  const { t } = useTranslation();
  return (plot: Pick<LandPlot, "cadastralNumber" | "areaHa" | "category">) =>
    [
      plot.cadastralNumber,
      withUnit(formatNumber(plot.areaHa, currentLocale(), 2), t("reg.ha")),
      t(`registry.landCategories.${plot.category}`),
    ]
      .filter(Boolean)
      .join(", ");
}

/**
 * Why a plot left the household: the reason, and the clerk's note where she wrote one ("other").
 * The note lives on the event only, so the card's former plots read it from there.
 */
export function plotEndReason(t: (key: string) => string, reason: unknown, note: unknown): string | null {
  if (typeof reason !== "string") return null;
  const said = t(`reg.plotEndReasons.${reason}`);
  return typeof note === "string" && note.trim() ? `${said}: ${note.trim()}` : said;
}

/**
 * What a line of the history says beyond the event and its person: where someone went (a marriage:
 * into which household; labour migration: which country, or home again), who headed before, what a
 * relation was corrected from and to, which household a split made or came from, and which plot
 * came or went.
 */
export function EventDetails({
  event,
  card,
  nameOf,
}: {
  event: CardEvent;
  card: HouseholdCard;
  nameOf: (personId: string) => string | null;
}) {
  const { t } = useTranslation();
  const plotName = usePlotName();
  const { details } = event;
  if (event.kind === "marriage") return <MarriageDetails event={event} card={card} />;
  if (event.kind === "migration" && "migration" in details) {
    // No country: the migration ended, the person is back (life-events.ts records it as null).
    const away = details.migration as { country?: unknown; place?: unknown } | null;
    const said = (part: unknown) => (typeof part === "string" && part.trim() !== "" ? part : null);
    const country = said(away?.country);
    const where = [country && countryName(t, country), said(away?.place)].filter((part) => part !== null);
    return <> ({where.length > 0 ? t("reg.wentTo", { place: where.join(", ") }) : t("reg.cameBackHome")})</>;
  }
  if (event.kind === "land-acquired" || event.kind === "land-ended") {
    // The plot as the card holds it; an acquisition also carries its area and category itself.
    const plot =
      [...card.landPlots, ...card.formerLandPlots].find((p) => p.id === details.plotId) ??
      (typeof details.areaHa === "number" && typeof details.category === "string"
        ? { cadastralNumber: null, areaHa: details.areaHa, category: details.category }
        : null);
    const why = event.kind === "land-ended" ? plotEndReason(t, details.reason, details.note) : null;
    return (
      <>
        {plot && `: ${plotName(plot)}`}
        {why && ` (${why})`}
      </>
    );
  }
  if (event.kind === "departure" && typeof details.destination === "string")
    return <> ({t("reg.wentTo", { place: details.destination })})</>;
  if (event.kind === "arrival" && typeof details.from === "string")
    return <> ({t("reg.cameFrom", { place: details.from })})</>;
  if (event.kind === "head-change" && typeof details.formerHeadPersonId === "string")
    return <> ({t("reg.formerHead", { name: nameOf(details.formerHeadPersonId) ?? "" })})</>;
  if (event.kind === "relation-correction") {
    const who = [...card.members, ...card.formerMembers].find((m) => m.id === event.personId);
    const word = (relation: unknown) => t(relationWordKey({ relation: String(relation), sex: who?.sex }));
    return (
      <>
        : {word(details.from)} → {word(details.to)}
      </>
    );
  }
  if (event.kind === "household-split") {
    const ours = event.householdId === card.id;
    const other = splitHousehold(event, ours ? "newHousehold" : "fromHousehold");
    if (!other) return null;
    const went = (details.members as { name: string }[] | undefined)?.map((m) => m.name).join(", ");
    return (
      <>
        {" "}
        (
        <HouseholdLink id={other.id}>
          {t(ours ? "reg.splitOffInto" : "reg.splitOffFrom", { number: other.number })}
        </HouseholdLink>
        {went ? `: ${went}` : ""})
      </>
    );
  }
  return null;
}

/** Another household's card, linked from this one's history. */
function HouseholdLink({ id, children }: { id: string; children: string }) {
  return <Link to={`/register/households/${id}`}>{children}</Link>;
}

/**
 * A marriage's line in the history: the household of the book it went into (or came from, on that
 * household's card), else the place away, and the age of an under-age marriage the clerk confirmed.
 */
function MarriageDetails({ event, card }: { event: CardEvent; card: HouseholdCard }) {
  const { t } = useTranslation();
  const { details } = event;
  const left = event.householdId === card.id;
  const other = left
    ? { id: event.otherHouseholdId, number: event.otherHouseholdNumber }
    : { id: event.householdId, number: event.householdNumber };
  const where =
    other.id && other.number !== null ? (
      <HouseholdLink id={other.id}>
        {t(left ? "reg.marriedInto" : "reg.marriedFrom", { number: other.number })}
      </HouseholdLink>
    ) : typeof details.destination === "string" ? (
      t("reg.wentTo", { place: details.destination })
    ) : null;
  const underAge = (details.underAgeConfirmed as { age?: unknown } | undefined)?.age;
  const age = typeof underAge === "number" ? t("reg.marriedUnderAge", { age: underAge }) : null;
  if (!where && !age) return null;
  return (
    <>
      {" "}
      ({where}
      {where && age ? ", " : ""}
      {age})
    </>
  );
}
