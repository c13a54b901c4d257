import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../app/api.js";
import { formatDateTime, formatNumber } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { EmptyState, Loaded, useLoad } from "../app/ui.js";
import type { GaugingPost } from "./measurement-api.js";

/** Every gauging post with its device and latest reading; a tap opens its readings. */
export default function GaugingPostsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const posts = useLoad(() => api<GaugingPost[]>("GET", "/api/water/gauging-posts"), "posts");
  return (
    <section className="measure">
      <h1>{t("measure.gaugingPosts")}</h1>
      <Loaded state={posts}>
        {(all) =>
          all.length === 0 ? (
            <EmptyState />
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("measure.post")}</th>
                    <th>{t("measure.canal")}</th>
                    <th>{t("measure.device")}</th>
                    <th>{t("measure.latest")}</th>
                    <th>{t("measure.levelCm")}</th>
                    <th>{t("measure.flowLps")}</th>
                  </tr>
                </thead>
                <tbody>
                  {all.map((p) => (
                    <tr key={p.id}>
                      <td>
                        <Link to={`/water/readings?post=${p.id}`}>
                          {p.code} — {p.name}
                        </Link>
                      </td>
                      <td>
                        {p.reachCode} {p.reachName}
                      </td>
                      <td>{p.gauge ? t(`measure.devices.${p.gauge.kind}`) : "—"}</td>
                      <td>{p.latest ? formatDateTime(p.latest.readAt, locale) : "—"}</td>
                      <td>{p.latest ? formatNumber(p.latest.levelM * 100, locale, 1) : "—"}</td>
                      <td>{p.latest ? formatNumber(p.latest.flowLps, locale, 1) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
