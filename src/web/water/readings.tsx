import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { isMomentAhead } from "../../domain/shared/local-time.js";
import { GAUGE_LEVEL_M } from "../../domain/water/discharge.js";
import { ApiProblem, api } from "../app/api.js";
import {
  formatDateTime,
  formatNumber,
  formatVolume,
  localMoment,
  momentInstant,
  numberForField,
  todayIso,
  typedNumber,
} from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { answerOrKept, keepFor, keptFor, ownerKey, ownerOf } from "../app/kept-data.js";
import { useSession } from "../app/session.js";
import { DayInput, EmptyState, ErrorState, Loaded, MomentInput, useLoad } from "../app/ui.js";
import { type GaugingPost, type PeriodVolume, postReadings, type Reading } from "./measurement-api.js";
import { KeptAsOf, QueueStatus, useQueue, WaitingElsewhere } from "./queue.js";

const QUEUE = "readingsQueue";

/**
 * A water master's readings: one post (remembered), the time (now), the level in centimetres as the
 * staff gauge shows it, one tap to save. Saved readings wait on the phone until the link is back.
 */
export default function ReadingsPage() {
  const { t } = useTranslation();
  const { can, session } = useSession();
  // The posts and the last one chosen are kept for this user in this organisation only.
  const owner = ownerOf(session);
  const locale = currentLocale();
  const [params, setParams] = useSearchParams();
  const posts = useLoad(
    () => answerOrKept(owner, "posts", () => api<GaugingPost[]>("GET", "/api/water/gauging-posts")),
    ownerKey(owner),
  );
  const postId = params.get("post") ?? keptFor(owner, "lastPost", "");
  const day = params.get("day") ?? todayIso();
  const [readAt, setReadAt] = useState(() => localMoment(Date.now()));
  // The time as the form set it (now). One the water master typed instead stays for the next
  // reading: readings copied from a notebook are a morning's, not the minute they are typed in.
  const [formTime, setFormTime] = useState(readAt);
  const timeTyped = readAt !== formTime;
  const timeToNow = () => {
    const now = localMoment(Date.now());
    setReadAt(now);
    setFormTime(now);
  };
  const [levelCm, setLevelCm] = useState("");
  const queue = useQueue(
    QUEUE,
    postReadings,
    100,
    (last: { reading: Reading }) =>
      t("measure.readingSaved", { flow: formatNumber(last.reading.flowLps, locale, 1) }),
    (refused) => {
      choose({ post: refused.structureId });
      setReadAt(localMoment(Date.parse(refused.readAt)));
      // Metres back to the centimetres typed, without a float's tail (0.315 m is 31,5, not 31,500000000000004).
      setLevelCm(numberForField(Math.round(refused.levelM * 100 * 1000) / 1000, locale));
    },
  );
  const [voids, setVoids] = useState(0);

  const list = useLoad(
    () =>
      postId
        ? Promise.all([
            api<Reading[]>("GET", `/api/water/readings?structureId=${postId}&day=${day}`),
            api<PeriodVolume[]>(
              "GET",
              `/api/water/gauging-posts/${postId}/volumes?from=${day}&to=${day}&period=day`,
            ),
          ])
        : Promise.resolve(null),
    `${postId}/${day}/${queue.sent}/${voids}`,
  );

  function choose(next: Record<string, string>) {
    const merged = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) merged.set(k, v);
    if (next.post) keepFor(owner, "lastPost", next.post);
    setParams(merged, { replace: true });
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    const level = typedNumber(levelCm);
    if (!postId || level === null || !Number.isFinite(level)) {
      queue.say(t("measure.enterLevel"));
      return;
    }
    // Said at once, not when the link is back and the service refuses it.
    if (level / 100 < GAUGE_LEVEL_M.min || level / 100 > GAUGE_LEVEL_M.max) {
      queue.say(
        t("measure.levelOutOfRange", {
          min: GAUGE_LEVEL_M.min * 100,
          max: GAUGE_LEVEL_M.max * 100,
          value: levelCm.trim(),
        }),
      );
      return;
    }
    const readAtInstant = momentInstant(readAt);
    if (isMomentAhead(Date.parse(readAtInstant), Date.now())) {
      queue.say(t("errors.water.readingAhead", { at: formatDateTime(readAtInstant, locale) }));
      return;
    }
    setLevelCm("");
    if (!timeTyped) timeToNow();
    await queue.enqueue({ structureId: postId, readAt: readAtInstant, levelM: level / 100 });
  }

  async function voidOne(r: Reading) {
    const reason = window.prompt(t("measure.voidReason"));
    if (!reason) return;
    try {
      await api("POST", `/api/water/readings/${r.id}/void`, { version: r.version, reason });
      setVoids((n) => n + 1);
    } catch (err) {
      if (err instanceof ApiProblem) queue.fail(err);
    }
  }

  return (
    <section className="measure">
      <h1>{t("measure.readings")}</h1>
      <WaitingElsewhere queue={queue} />
      <Loaded state={posts}>
        {({ value: all, ...kept }) => (
          <>
            <KeptAsOf answers={[kept]} />
            {can("water.measure") && (
              <form className="quick-entry" onSubmit={(e) => void save(e)}>
                <PostSelect posts={all} value={postId} onChange={(post) => choose({ post })} />
                <label className="field">
                  <span className="field-label">{t("measure.readAt")}</span>
                  <MomentInput
                    value={readAt}
                    onMomentChange={setReadAt}
                    label={t("measure.readAt")}
                    required
                  />
                  {timeTyped && (
                    <button type="button" className="link time-to-now" onClick={timeToNow}>
                      {t("measure.timeToNow")}
                    </button>
                  )}
                </label>
                <label className="field">
                  <span className="field-label">{t("measure.levelCm")}</span>
                  <input
                    className="big-number"
                    inputMode="decimal"
                    autoComplete="off"
                    value={levelCm}
                    onChange={(e) => setLevelCm(e.target.value)}
                  />
                </label>
                <button type="submit" className="primary big">
                  {t("common.save")}
                </button>
                <QueueStatus queue={queue} />
              </form>
            )}
            {!can("water.measure") && (
              <PostSelect posts={all} value={postId} onChange={(post) => choose({ post })} />
            )}
          </>
        )}
      </Loaded>
      <label className="field">
        <span className="field-label">{t("measure.day")}</span>
        <DayInput name="day" value={day} onDayChange={(chosen) => chosen && choose({ day: chosen })} />
      </label>
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.data && <DayReadings readings={list.data[0]} volume={list.data[1][0]} onVoid={voidOne} />}
    </section>
  );
}

function PostSelect(props: { posts: GaugingPost[]; value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span className="field-label">{t("measure.post")}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} required>
        <option value="" />
        {props.posts.map((p) => (
          <option key={p.id} value={p.id}>
            {p.code} — {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function DayReadings({
  readings,
  volume,
  onVoid,
}: {
  readings: Reading[];
  volume: PeriodVolume | undefined;
  onVoid: (r: Reading) => void;
}) {
  const { t } = useTranslation();
  const { can } = useSession();
  const locale = currentLocale();
  return (
    <>
      {volume && (
        <p className="day-volume">
          {t("measure.dayVolume", { volume: formatVolume(volume.volumeM3, locale) })}
          {volume.coveredSeconds < volume.windowSeconds &&
            ` · ${t("measure.gapHours", {
              hours: formatNumber((volume.windowSeconds - volume.coveredSeconds) / 3600, locale, 1),
            })}`}
        </p>
      )}
      {readings.length === 0 ? (
        <EmptyState />
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t("measure.readAt")}</th>
                <th>{t("measure.levelCm")}</th>
                <th>{t("measure.flowLps")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {readings.map((r) => (
                <tr key={r.id} className={r.voidedAt ? "voided" : undefined}>
                  <td>{formatDateTime(r.readAt, locale)}</td>
                  <td>{formatNumber(r.levelM * 100, locale, 1)}</td>
                  <td>{formatNumber(r.flowLps, locale, 1)}</td>
                  <td>
                    {r.voidedAt ? (
                      t("measure.voided", { reason: r.voidReason ?? "" })
                    ) : can("water.measure") ? (
                      <button type="button" className="link" onClick={() => onVoid(r)}>
                        {t("measure.void")}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
