import {
  type InputHTMLAttributes,
  type ReactNode,
  type RefObject,
  useCallback,
  useEffect,
  useRef,
  useState,
} from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { LOCALES, type Locale, pickName } from "../../domain/places/units.js";
import { decimalsOf, numberFromText } from "../../domain/shared/number-format.js";
import {
  dayFromText,
  localeDate,
  maskTypedDay,
  maskTypedTime,
  timeFromText,
  whyNoDay,
} from "../../domain/shared/paper-date.js";
import { ApiProblem, api, downloadFile, FIRST_SENDING_SAVED, type LocalizedText } from "./api.js";
import { formatNumber, numberForField, todayIso } from "./format.js";
import { currentLocale } from "./i18n.js";

/**
 * Loads data for a page and keeps its loading, error and reload in one place. `key` names what
 * the loader depends on (e.g. the query string); a new key loads again.
 */
export function useLoad<T>(load: () => Promise<T>, key: string) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiProblem | null>(null);
  const [pending, setPending] = useState(true);
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  // On a slow link an earlier answer can arrive after a later one: only the latest load may land.
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the loader is new on every render; `key` says when it changes
  const reload = useCallback(() => {
    const ticket = ++latest.current;
    setPending(true);
    setError(null);
    load()
      .then((loaded) => {
        if (ticket === latest.current) setData(loaded);
      })
      .catch((e: unknown) => {
        if (ticket === latest.current)
          setError(e instanceof ApiProblem ? e : new ApiProblem(0, "internal", ""));
      })
      .finally(() => {
        if (ticket !== latest.current) return;
        setPending(false);
        setLoadedKey(key);
      });
  }, [key]);
  useEffect(reload, [reload]);
  // Loading from the render the key changes in, not only from the effect after it.
  const loading = pending || loadedKey !== key;
  return { data, error, loading, reload, setData };
}

/**
 * A list read a page at a time by keyset (`items` and `nextCursor`, as the audit trail and the SMS
 * outbox answer): the first page loads with the page, the next ones when asked for and added
 * below. Another list (a new `path`: other filters) starts again from its first page. The cursor
 * goes back in `cursorParam` (billing's documents name it `before`).
 */
export function useKeysetPages<T, Extra extends object = object>(path: string, cursorParam = "cursor") {
  type Cursor = string | number | null;
  const first = useLoad(() => api<{ items: T[]; nextCursor: Cursor } & Extra>("GET", path), path);
  const [more, setMore] = useState<{ path: string; items: T[]; cursor: Cursor } | null>(null);
  const [moreError, setMoreError] = useState<ApiProblem | null>(null);
  const ours = more?.path === path ? more : null;
  const nextCursor = ours ? ours.cursor : (first.data?.nextCursor ?? null);
  async function loadMore() {
    if (!nextCursor) return;
    setMoreError(null);
    try {
      const page = await api<{ items: T[]; nextCursor: Cursor }>(
        "GET",
        `${path}${path.includes("?") ? "&" : "?"}${cursorParam}=${nextCursor}`,
      );
      setMore({ path, items: [...(ours?.items ?? []), ...page.items], cursor: page.nextCursor });
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      setMoreError(err);
    }
  }
  /** Reads the list again from its first page (after a change to one of its rows). */
  function reload() {
    setMore(null);
    first.reload();
  }
  return { first, more: ours?.items ?? [], nextCursor, loadMore, moreError, reload };
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="state" role="status">
      {t("common.loading")}
    </p>
  );
}

/**
 * A form's Save, disabled and saying «Saving…» while the request is on its way (on a slow link a
 * clerk who sees nothing happen clicks again or leaves the page; `saveLabel` where the form does
 * more than save), a Cancel where the form has one, and any further buttons after them.
 */
export function FormActions({
  saving,
  onCancel,
  saveLabel,
  cancelLabel,
  form,
  nothingToSave = false,
  children,
}: {
  saving: boolean;
  onCancel?: () => void;
  saveLabel?: string;
  /** Where "cancel" and the save say one thing in a language (annulling: "жокко чыгаруу"). */
  cancelLabel?: string;
  /** The form's id, where the actions stand outside it. */
  form?: string;
  /** Save disabled: nothing was entered that it would send. */
  nothingToSave?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button
        type="submit"
        className="primary"
        form={form}
        disabled={saving || nothingToSave}
        aria-busy={saving}
      >
        {saving ? t("common.saving") : (saveLabel ?? t("common.save"))}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {cancelLabel ?? t("common.cancel")}
        </button>
      )}
      {children}
    </div>
  );
}

/**
 * Whether asking again may be answered otherwise: a lost connection, a server's fault, a timeout or
 * "too many" may pass; a refusal (no right, not found, gone, invalid) is the same the next time.
 */
export function mayPassOnRetry(error: ApiProblem): boolean {
  return error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429;
}

export function ErrorState({
  error,
  onRetry,
  fields,
}: {
  error: ApiProblem;
  onRetry?: () => void;
  /** Say each field's message too: what a page asked for (its filters) has no form field to show them at. */
  fields?: boolean;
}) {
  const { t } = useTranslation();
  const messages = fields ? [...new Set(error.errors.map((e) => e.message))] : [];
  return (
    <div className="state state-error" role="alert">
      <ProblemMessage error={error} />
      {messages.length > 0 && (
        <ul className="problem-fields">
          {messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      {onRetry && mayPassOnRetry(error) && (
        <button type="button" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

/**
 * A refusal's message. An old link to a merged person's record (the audit log, a certificate, a
 * household's history) says which record was kept and leads there: the card of the household that
 * holds it, or the register's search by its name when none does.
 */
export function ProblemMessage({ error }: { error: ApiProblem }) {
  const { t } = useTranslation();
  const kept = error.mergedInto;
  return (
    <>
      <p>{problemText(error, t)}</p>
      {kept && (
        <p>
          {error.household ? (
            <Link to={`/register/households/${error.household.id}`}>
              {t("reg.mergedIntoHousehold", { name: kept.name, number: error.household.number })}
            </Link>
          ) : (
            <Link to={`/register?${new URLSearchParams({ what: "people", q: kept.name })}`}>
              {t("reg.mergedIntoSearch", { name: kept.name })}
            </Link>
          )}
        </p>
      )}
    </>
  );
}

export function problemText(error: ApiProblem, t: (k: string) => string): string {
  if (error.code === "network") return t(error.repeatable ? "errors.networkRepeatable" : "errors.network");
  if (error.code === "offline") return t("errors.offline");
  // Said to an API client as a key used twice; to the clerk, what it means (see FIRST_SENDING_SAVED).
  if (error.code === "conflict.requestKeyReused") return t("errors.savedBeforeChange");
  return error.title || t("common.error");
}

/**
 * A button that shows and hides what it names by id (`controls`): on a phone, the menu, a page's
 * other actions, a list's filters fold behind one.
 */
export function FoldButton({
  shown,
  onToggle,
  controls,
  className,
  children,
}: {
  shown: boolean;
  onToggle: (shown: boolean) => void;
  controls: string;
  className: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={className}
      aria-expanded={shown}
      aria-controls={controls}
      onClick={() => onToggle(!shown)}
    >
      {children}
    </button>
  );
}

/** An empty list: "nothing yet", or, where the user's filters narrowed it, "nothing found". */
export function EmptyState({ filtered = false }: { filtered?: boolean }) {
  const { t } = useTranslation();
  return <p className="state">{t(filtered ? "common.nothingFound" : "common.empty")}</p>;
}

/** Shows one of the three states, or the content. */
export function Loaded<T>({
  state,
  children,
}: {
  state: { data: T | null; error: ApiProblem | null; loading: boolean; reload: () => void };
  children: (data: T) => ReactNode;
}) {
  // What was loaded is what the page asked for: a refused filter is said by its field's message.
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} fields />;
  if (state.loading && state.data === null) return <Loading />;
  if (state.data === null) return <Loading />;
  return <>{children(state.data)}</>;
}

/** A language select's options: every language the app speaks, each by its own name. */
/** A select's seasons (or other named choices) by name, after "all" where the list may show every one. */
export function NamedOptions({
  items,
  all,
}: {
  items: readonly { id: string; name: string }[] | null | undefined;
  all?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {all && <option value="">{t("reg.all")}</option>}
      {(items ?? []).map((item) => (
        <option key={item.id} value={item.id}>
          {item.name}
        </option>
      ))}
    </>
  );
}

export function LanguageOptions() {
  const { t } = useTranslation();
  return LOCALES.map((l) => (
    <option key={l} value={l}>
      {t(`language.${l}`)}
    </option>
  ));
}

export function LanguageSwitcher({ value, onChange }: { value: Locale; onChange: (l: Locale) => void }) {
  const { t } = useTranslation();
  return (
    <label className="language">
      <span className="visually-hidden">{t("language.label")}</span>
      <select
        aria-label={t("language.label")}
        value={value}
        onChange={(e) => onChange(e.target.value as Locale)}
      >
        <LanguageOptions />
      </select>
    </label>
  );
}

export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error?: string | undefined;
  /** What the field is needed for, where leaving it empty has a consequence. */
  hint?: string | undefined;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control comes as children and sits inside the label
    <label className={error ? "field field-invalid" : "field"}>
      <span className="field-label">{label}</span>
      {children}
      {hint && <span className="field-hint">{hint}</span>}
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}

/** A box to tick with its text beside it, held in the form's state. */
export function Check({
  name,
  checked,
  onChange,
  children,
}: {
  name?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  children: ReactNode;
}) {
  return (
    <label className="check">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{children}</span>
    </label>
  );
}

/**
 * A file field whose button and "no file chosen" are in the page's language: the browser's own
 * file input writes them in the browser's (English on many office PCs). The input itself stays, out
 * of sight but focusable, so the keyboard, the label and a test's setInputFiles work as before.
 * Put it inside a label (`Field` or a `label.field`): a click anywhere on it opens the picker.
 */
export function FilePicker({
  accept,
  disabled,
  name,
  onChoose,
}: {
  accept: string;
  disabled?: boolean;
  name?: string;
  onChoose: (file: File | null) => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  return (
    <span className="file-picker">
      <input
        type="file"
        className="visually-hidden"
        name={name}
        accept={accept}
        disabled={disabled}
        onChange={(e) => {
          const file = e.target.files?.[0] ?? null;
          setChosen(file?.name ?? null);
          onChoose(file);
        }}
      />
      <span className="file-picker-button" aria-hidden="true">
        {t("common.chooseFile")}
      </span>
      <span className="file-picker-name">{chosen ?? t("common.noFileChosen")}</span>
    </span>
  );
}

interface DayInputProps
  extends Omit<
    InputHTMLAttributes<HTMLInputElement>,
    "type" | "value" | "defaultValue" | "onChange" | "min" | "max"
  > {
  /** The day held by the field's owner (ISO, "" for none), for a field whose day the page keeps. */
  value?: string;
  /** The day the field starts with (ISO), for a field read from its form. */
  defaultValue?: string;
  /**
   * The ISO day once the text is one, or "" once it is emptied; not called while the text is a day
   * half typed or none (the field is then invalid and its form is not sent).
   */
  onDayChange?: (isoDay: string) => void;
  /** The earliest and latest days the field takes (ISO). */
  min?: string;
  max?: string;
}

/**
 * What a field gives its form: `formValue` answers the form's `formdata` event (so `new FormData(form)`
 * and the form's own sending read the field's value, not its text), and `afterReset` sees the text
 * a reset puts back, which it does after its event.
 */
function useFormValue(
  field: RefObject<HTMLInputElement | null>,
  name: string | undefined,
  formValue: (input: HTMLInputElement) => string,
  afterReset: (input: HTMLInputElement) => void,
) {
  useEffect(() => {
    const input = field.current!;
    const form = input.form;
    if (!form) return;
    const give = (e: FormDataEvent) => {
      const value = formValue(input);
      if (name) e.formData.set(name, value);
    };
    const reset = () => setTimeout(() => afterReset(input));
    form.addEventListener("formdata", give);
    form.addEventListener("reset", reset);
    return () => {
      form.removeEventListener("formdata", give);
      form.removeEventListener("reset", reset);
    };
  }, [field, name, formValue, afterReset]);
}

/**
 * What a day field and a number field share. The text is read into a value (`read`: null when
 * empty, "invalid" when it is none), checked with a message in the page's language (`problem`) and
 * shown the page's way (`show`). A value its owner sets from outside is shown, and a value shown is
 * written again the new language's way when the user switches, unless she is typing in it. The form
 * reads the value, not the text (`useFormValue`). `take` checks a text the field now holds and
 * answers its value, kept as the owner's; `reshow` writes a text that reads as a value the page's
 * way; `afterText` sees each text the field is given (a typing helper's memory of it).
 */
function useTypedText<T>(
  field: RefObject<HTMLInputElement | null>,
  {
    name,
    value,
    none,
    read,
    show,
    problem,
    afterText,
  }: {
    name: string | undefined;
    /** The value its owner holds; undefined for a field read from its form. */
    value: T | null | undefined;
    /** What the owner holds for an empty field ("" for a day, null for a number). */
    none: T | null;
    read: (text: string) => T | null | "invalid";
    show: (value: T) => string;
    /** What is wrong with a value, or with a text that is none ("invalid", with the text); "" when nothing. */
    problem: (value: T | "invalid", text: string) => string;
    afterText?: (input: HTMLInputElement) => void;
  },
) {
  /** The last value the field gave its owner: a `value` that differs comes from outside. */
  const reported = useRef(value);
  /** The field's value, its validity set by the way. */
  const check = useCallback(
    (input: HTMLInputElement) => {
      const typed = read(input.value);
      input.setCustomValidity(typed === null ? "" : problem(typed, input.value));
      return typed;
    },
    [read, problem],
  );
  const reshow = useCallback(
    (input: HTMLInputElement) => {
      const typed = read(input.value);
      if (typed !== null && typed !== "invalid") input.value = show(typed);
    },
    [read, show],
  );
  useEffect(() => {
    const input = field.current!;
    if (value !== undefined && value !== reported.current) {
      input.value = value === null ? "" : show(value);
      reported.current = value;
    } else if (document.activeElement !== input) reshow(input);
    afterText?.(input);
    check(input);
  }, [field, value, check, show, reshow, afterText]);
  useFormValue(
    field,
    name,
    useCallback(
      (input: HTMLInputElement) => {
        const typed = check(input);
        return typed === null || typed === "invalid" ? "" : String(typed);
      },
      [check],
    ),
    useCallback(
      (input: HTMLInputElement) => {
        afterText?.(input);
        check(input);
      },
      [afterText, check],
    ),
  );
  const take = (input: HTMLInputElement) => {
    afterText?.(input);
    const typed = check(input);
    if (typed !== "invalid") reported.current = typed ?? none;
    return typed;
  };
  return { take, reshow };
}

/** The `form` of a day field's calendar: the id of no form. */
const CALENDAR_OWNS_NO_FORM = "day-picker-owns-no-form";

/** The day a day field's message gives as its example. */
const EXAMPLE_DAY = "1978-04-20";

/**
 * A day field that reads and writes days as the papers do, dd.mm.yyyy (dd/mm/yyyy in English), in
 * whatever language the browser speaks: a browser's own date input follows the browser's, and an
 * English Windows PC shows mm/dd/yyyy, where 05/01 is read the wrong way round by a clerk. Digits
 * alone can be typed (a phone's digit keyboard has no dot; `maskTypedDay` puts the dots in), and
 * a day outside the calendar or the field's range is refused with a message in the page's
 * language before the form can be sent. The form still reads the field's day as ISO: the field
 * answers the form's `formdata` event with it, so `new FormData(form)` and the form's own sending
 * get "1978-04-20" for "20.04.1978", and a form's reset puts its first day back.
 */
export function DayInput({ value, defaultValue, onDayChange, min, max, name, ...input }: DayInputProps) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const separator = locale === "en" ? "/" : ".";
  const field = useRef<HTMLInputElement>(null);
  const previousText = useRef("");
  const shown = useCallback((iso: string | undefined) => (iso ? localeDate(iso, locale) : ""), [locale]);
  const problem = useCallback(
    (day: string, text: string) =>
      day === "invalid"
        ? // 31.02.2030 is written as asked: said to be no day, not to be written otherwise.
          whyNoDay(text) === "noSuchDay"
          ? t("common.check.noSuchDay")
          : t("common.check.badDate", { example: shown(EXAMPLE_DAY) })
        : min && day < min
          ? t("common.check.notBefore", { bound: shown(min) })
          : max && day > max
            ? t("common.check.notAfter", { bound: shown(max) })
            : "",
    [min, max, t, shown],
  );
  // A day its owner sets from outside (a page's "today", the next member) is shown, and a day shown
  // is written again the new language's way when the user switches (05/02/2020 ↔ 05.02.2020),
  // unless she is typing in it; a day typed "1.5.2020" is written 01.05.2020 when she leaves it.
  const { take, reshow } = useTypedText(field, {
    name,
    value,
    none: "",
    read: dayFromText,
    show: shown,
    problem,
    afterText: useCallback((input: HTMLInputElement) => {
      previousText.current = input.value;
    }, []),
  });
  /** A text the field now holds, typed or picked: checked, and given to its owner once it is a day. */
  const takeDay = (input: HTMLInputElement) => {
    const day = take(input);
    if (day !== "invalid") onDayChange?.(day ?? "");
  };
  const picker = useRef<HTMLInputElement>(null);
  return (
    <span className="day-input">
      <input
        ref={field}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t("common.dayPlaceholder")}
        name={name}
        defaultValue={shown(value ?? defaultValue)}
        onChange={(e) => {
          const input = e.currentTarget;
          const masked = maskTypedDay(input.value, previousText.current, separator);
          if (masked !== input.value) input.value = masked;
          takeDay(input);
        }}
        onBlur={(e) => reshow(e.currentTarget)}
        {...input}
      />
      {/* A calendar to click, the browser's own: its month names may be in the browser's language,
          but a day clicked cannot be read the wrong way round. */}
      {/* Out of the Tab order: a clerk typing a form's days does not stop at every calendar. */}
      <button
        type="button"
        className="day-picker"
        tabIndex={-1}
        title={t("common.pickDay")}
        aria-label={t("common.pickDay")}
        disabled={input.disabled || input.readOnly}
        onClick={() => {
          const calendar = picker.current!;
          const day = dayFromText(field.current!.value);
          calendar.value = day === null || day === "invalid" ? "" : day;
          // A browser older than showPicker (or one that refuses it) leaves the day to be typed.
          try {
            calendar.showPicker();
          } catch {
            field.current!.focus();
          }
        }}
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <rect x="1.5" y="3" width="13" height="11.5" rx="1.5" fill="none" stroke="currentColor" />
          <path d="M1.5 6.5h13M5 1.5v3M11 1.5v3" stroke="currentColor" />
        </svg>
      </button>
      <input
        ref={picker}
        type="date"
        className="day-picker-calendar"
        // Owned by no form (no form has this id): it only hands a day to the text field, and a
        // day left in it, out of range once the calendar is closed without a pick, would
        // otherwise stop the form being sent over a field no one can see.
        form={CALENDAR_OWNS_NO_FORM}
        tabIndex={-1}
        aria-hidden="true"
        min={min}
        max={max}
        onChange={(e) => {
          if (!e.currentTarget.value) return;
          const text = field.current!;
          text.value = shown(e.currentTarget.value);
          takeDay(text);
        }}
      />
    </span>
  );
}

/** The time a time field's message gives as its example. */
const EXAMPLE_TIME = "08:53";

/**
 * A time of day on the 24-hour clock, "HH:MM", whatever the browser's language (a browser's own
 * time input shows 08:53 AM on an English one). Digits alone can be typed: `maskTypedTime` puts
 * the colon in. Its owner gets the time once the text is one; a text that is none is refused with
 * a message in the page's language.
 */
function TimeInput({
  value,
  onTimeChange,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "value" | "defaultValue" | "onChange"> & {
  value: string;
  onTimeChange: (time: string) => void;
}) {
  const { t } = useTranslation();
  const field = useRef<HTMLInputElement>(null);
  const previousText = useRef(value);
  const reported = useRef(value);
  const check = useCallback(
    (input: HTMLInputElement) => {
      const time = timeFromText(input.value);
      input.setCustomValidity(time === "invalid" ? t("common.check.badTime", { example: EXAMPLE_TIME }) : "");
      return time;
    },
    [t],
  );
  useEffect(() => {
    const input = field.current!;
    if (value !== reported.current) {
      input.value = value;
      reported.current = value;
      previousText.current = value;
    }
    check(input);
  }, [value, check]);
  return (
    <input
      ref={field}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={t("common.timePlaceholder")}
      defaultValue={value}
      onChange={(e) => {
        const input = e.currentTarget;
        const masked = maskTypedTime(input.value, previousText.current);
        if (masked !== input.value) input.value = masked;
        previousText.current = input.value;
        const time = check(input);
        if (time === null || time === "invalid") return;
        reported.current = time;
        onTimeChange(time);
      }}
      onBlur={(e) => {
        const time = timeFromText(e.currentTarget.value);
        if (time !== null && time !== "invalid") e.currentTarget.value = time;
      }}
      {...input}
    />
  );
}

/**
 * A moment on the device's clock, as a day field and a 24-hour time field side by side, where the
 * browser's own date-and-time input would show 12/05/2026, 08:53 AM on an English phone. Its owner
 * holds the moment as "YYYY-MM-DDTHH:MM" and gets a new one only once both the day and the time
 * are whole: a field half typed is invalid, and its form is not sent.
 */
export function MomentInput({
  value,
  onMomentChange,
  label,
  required,
}: {
  value: string;
  onMomentChange: (moment: string) => void;
  /** The field's words: a label around it names its day field, and the time field is named with them. */
  label: string;
  required?: boolean;
}) {
  const { t } = useTranslation();
  const typed = useRef({ day: value.slice(0, 10), time: value.slice(11, 16) });
  useEffect(() => {
    typed.current = { day: value.slice(0, 10), time: value.slice(11, 16) };
  }, [value]);
  const give = (part: { day: string } | { time: string }) => {
    typed.current = { ...typed.current, ...part };
    const { day, time } = typed.current;
    if (day && time) onMomentChange(`${day}T${time}`);
  };
  return (
    <span className="moment-input">
      <DayInput value={value.slice(0, 10)} onDayChange={(day) => give({ day })} required={required} />
      <TimeInput
        value={value.slice(11, 16)}
        onTimeChange={(time) => give({ time })}
        required={required}
        aria-label={`${label} — ${t("common.time")}`}
      />
    </span>
  );
}

/**
 * A day that has come: a day field that takes nothing after today, as the server takes none (a
 * register holds no tomorrow). The caller gives the earliest day it takes, where there is one.
 */
export function PastDayInput(props: Omit<DayInputProps, "max">) {
  return <DayInput max={todayIso()} {...props} />;
}

interface NumberInputProps
  extends Omit<
    InputHTMLAttributes<HTMLInputElement>,
    "type" | "value" | "defaultValue" | "onChange" | "min" | "max" | "step"
  > {
  /** The number held by the field's owner (null for none), for a field whose number the page keeps. */
  value?: number | null;
  /** The number the field starts with, for a field read from its form. */
  defaultValue?: number | null;
  /**
   * The number once the text is one (null once it is emptied); not called while it is none. An
   * owner whose number cannot be none keeps its last on null and marks the field required: a 0
   * put back would be written into the field under the user's typing ("033,5").
   */
  onNumberChange?: (value: number | null) => void;
  min?: number;
  max?: number;
  /** What the number must be a multiple of (1: a whole number); any number when absent. */
  step?: number;
}

/**
 * A number field that reads numbers as people write them, "0,5" as well as "0.5", where a
 * browser's own number field drops the comma and reads 5: ten times the half hectare a clerk
 * meant. Shown with the page's decimal mark, ungrouped; a text that is no number, or one out of
 * the field's range or step, is refused with a message in the page's language before the form is
 * sent. The form reads the number as JavaScript writes it ("0.5"): the field answers its form's
 * `formdata` event, as `DayInput` does.
 */
export function NumberInput({
  value,
  defaultValue,
  onNumberChange,
  min,
  max,
  step,
  name,
  ...input
}: NumberInputProps) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const field = useRef<HTMLInputElement>(null);
  const shown = useCallback((n: number) => numberForField(n, locale), [locale]);
  const problem = useCallback(
    (n: number | "invalid") => {
      // Written exactly, to ten places: 0.475 is "0,475", not "0,48".
      const bound = (b: number) => formatNumber(b, locale, decimalsOf(b, 10));
      return n === "invalid"
        ? t("common.check.badNumber")
        : min !== undefined && n < min
          ? t("common.check.atLeast", { bound: bound(min) })
          : max !== undefined && n > max
            ? t("common.check.atMost", { bound: bound(max) })
            : step === 1 && !Number.isInteger(n)
              ? t("common.check.wholeNumber")
              : step !== undefined && !isMultiple(n - (min ?? 0), step)
                ? t("common.check.step", { step: bound(step) })
                : "";
    },
    [min, max, step, t, locale],
  );
  // A number its owner sets from outside is shown, and a number shown is written again the new
  // language's way when the user switches (0,5 ↔ 0.5), unless she is typing in it.
  const { take } = useTypedText(field, {
    name,
    value,
    none: null,
    read: numberFromText,
    show: shown,
    problem,
  });
  const initial = value ?? defaultValue;
  return (
    <input
      ref={field}
      type="text"
      inputMode={step === 1 && min !== undefined && min >= 0 ? "numeric" : "decimal"}
      autoComplete="off"
      name={name}
      defaultValue={initial === null || initial === undefined ? "" : shown(initial)}
      onChange={(e) => {
        const n = take(e.currentTarget);
        if (n !== "invalid") onNumberChange?.(n);
      }}
      {...input}
    />
  );
}

/** Whether a number is a whole multiple of a step, to the rounding of decimal fractions (0.3 of 0.1). */
function isMultiple(value: number, step: number): boolean {
  const times = value / step;
  return Math.abs(times - Math.round(times)) < 1e-9 * Math.max(1, Math.abs(times));
}

export function nameOf(name: LocalizedText): string {
  return pickName(name, currentLocale());
}

/**
 * One sending at a time: a second click while the first is on its way does nothing (state lags a
 * render, so a ref decides, not `busy`). `busy` is for disabling the buttons and saying "Saving…";
 * `run` answers what the work did, or undefined when it was not started.
 */
export function useOneAtATime() {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    try {
      return await work();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }
  return { busy, run };
}

/**
 * Sends a form's body; shows the server's message and field errors in place (keyed by the field's
 * path, see ApiProblem.fieldErrors). Resolves to the answer, or null when refused. A form sent
 * again after a lost answer whose first sending turns out to have been saved (FIRST_SENDING_SAVED)
 * is done too: `onDone` gets what to say instead of "saved", as the form's message says it, so the
 * page shows what was saved and the clerk sees that the changes made since were not sent; and the
 * first sending's own answer where it could be had again (ApiProblem.firstAnswer), so a page that
 * opens what it made (a new household's card) opens the one the first sending made.
 */
export function useSubmit(onDone: (said?: string, firstAnswer?: unknown) => void) {
  const { t } = useTranslation();
  const [error, setError] = useState<ApiProblem | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const { busy, run } = useOneAtATime();
  async function send<T = unknown>(
    method: "POST" | "PUT" | "PATCH",
    path: string,
    body?: unknown,
  ): Promise<T | null> {
    const answer = await run(async () => {
      setError(null);
      setFields({});
      try {
        const answer = await api<T>(method, path, body);
        onDone();
        return answer;
      } catch (err) {
        if (!(err instanceof ApiProblem)) throw err;
        setFields(err.fieldErrors());
        setError(err);
        if (FIRST_SENDING_SAVED.has(err.code)) onDone(problemText(err, t), err.firstAnswer);
        return null;
      }
    });
    return answer ?? null;
  }
  const message = error && (
    <div className="state-error" role="alert">
      <ProblemMessage error={error} />
    </div>
  );
  /**
   * `busy`: while a request is on its way, for disabling the form's buttons; `refusal`: the last
   * refusal's code; `forget`: clears the last refusal (the form was left or started afresh).
   */
  return {
    send,
    fields,
    message,
    busy,
    refusal: error?.code ?? null,
    forget: () => {
      setError(null);
      setFields({});
    },
  };
}

/**
 * What a page says after one of its forms saved: «Saved», or what useSubmit said instead (the
 * first sending was saved, not the correction): pass `saved` as the form's onDone.
 */
export function useSavedNotice() {
  const { t } = useTranslation();
  const [said, setSaid] = useState<string | null>(null);
  return {
    notice: said && (
      <p className="notice" role="status">
        {said}
      </p>
    ),
    saved: (instead?: string) => setSaid(instead ?? t("common.saved")),
    clear: () => setSaid(null),
  };
}

/**
 * File links that download through downloadFile: while the server still prepares a file (202)
 * `note` says so, in `preparing`'s words, and offers to try again; a refusal shows there as an
 * error. Each link keeps its address, so it can still be opened in a tab (ctrl/shift/cmd-click)
 * or copied. The page puts the links among its actions and the note where a message reads well;
 * `key` names what the files are of (the day and scope): a new one clears the note.
 */
export function useDownloads(preparing: string, key: string) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [waiting, setWaiting] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ href: string; error: ApiProblem } | null>(null);
  // Another day or scope shown: what was said of the last one's file no longer holds.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` says when the files change
  useEffect(() => {
    setWaiting(null);
    setProblem(null);
  }, [key]);
  // A second click while the file is on its way asks nothing more.
  const { run } = useOneAtATime();
  const fetchIt = (href: string) =>
    void run(async () => {
      setBusy(href);
      setWaiting(null);
      setProblem(null);
      try {
        setWaiting((await downloadFile(href)) === "preparing" ? href : null);
      } catch (e) {
        setProblem({ href, error: e instanceof ApiProblem ? e : new ApiProblem(0, "internal", "") });
      } finally {
        setBusy(null);
      }
    });
  const link = (href: string, label: ReactNode) => (
    <a
      key={href}
      className="button"
      href={href}
      aria-busy={busy === href}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        fetchIt(href);
      }}
    >
      {label}
    </a>
  );
  const note = waiting ? (
    <div className="state download-preparing no-print" role="status">
      <p>{preparing}</p>
      <button type="button" onClick={() => fetchIt(waiting)}>
        {t("common.retry")}
      </button>
    </div>
  ) : problem ? (
    <ErrorState error={problem.error} onRetry={() => fetchIt(problem.href)} />
  ) : null;
  return { link, note };
}
