import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import { cropByCode } from "../../domain/planning/crops.js";
import { api } from "../app/api.js";
import { formatDate, formatNumber, todayIso } from "../app/format.js";
import { currentLocale } from "../app/i18n.js";
import { PaperGapNotice } from "../app/paper-gaps.js";
import { useSession } from "../app/session.js";
import { Loaded, nameOf, useLoad, useSubmit } from "../app/ui.js";
import type { ContractDetail, WaterUserCard } from "./api.js";
import { ContractForm } from "./user.js";

const day = (d: string | null) => (d ? formatDate(d, currentLocale()) : "—");

/** A contract: parties, plots and crops, its status and history, the PDF; sign, amend or terminate. */
export default function ContractPage() {
  const { t } = useTranslation();
  const { contractId } = useParams();
  const { can } = useSession();
  const navigate = useNavigate();
  const contract = useLoad(
    () => api<ContractDetail>("GET", `/api/water/contracts/${contractId}`),
    contractId ?? "",
  );
  const action = useSubmit(() => contract.reload());
  return (
    <section>
      <Loaded state={contract}>
        {(c) => (
          <>
            <div className="page-head">
              <h1>
                {t("wu.contract")} № {c.number}
              </h1>
              <div className="actions">
                <a
                  className="button"
                  href={`/api/water/contracts/${c.id}/pdf?lang=ky`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {t("wu.pdfKy")}
                </a>
                <a
                  className="button"
                  href={`/api/water/contracts/${c.id}/pdf?lang=ru`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {t("wu.pdfRu")}
                </a>
                {can("water.users") && c.status === "draft" && (
                  <button
                    type="button"
                    className="primary"
                    onClick={() =>
                      void action.send("POST", `/api/water/contracts/${c.id}/sign`, {
                        version: c.version,
                        signedOn: todayIso(),
                      })
                    }
                  >
                    {t("wu.sign")}
                  </button>
                )}
                {can("water.users") && c.status === "signed" && !c.supersededBy && (
                  <button
                    type="button"
                    onClick={async () => {
                      // A season already over is rarely amended: a slip of the finger is asked about.
                      if (
                        c.season.endsOn < todayIso() &&
                        !window.confirm(
                          t("wu.amendEndedSeason", {
                            season: c.season.name,
                            endsOn: formatDate(c.season.endsOn, currentLocale()),
                          }),
                        )
                      )
                        return;
                      const draft = await action.send<{ id: string }>(
                        "POST",
                        `/api/water/contracts/${c.id}/amend`,
                        {},
                      );
                      if (draft) navigate(`/water/contracts/${draft.id}`);
                    }}
                  >
                    {t("wu.amend")}
                  </button>
                )}
                {can("water.users") && c.status !== "terminated" && (
                  <button
                    type="button"
                    onClick={() => {
                      const reason = window.prompt(t("wu.terminateReason"));
                      if (reason !== null)
                        void action.send("POST", `/api/water/contracts/${c.id}/terminate`, {
                          version: c.version,
                          terminatedOn: todayIso(),
                          ...(reason ? { reason } : {}),
                        });
                    }}
                  >
                    {t(c.status === "draft" ? "wu.dropDraft" : "wu.terminate")}
                  </button>
                )}
              </div>
            </div>
            {/* The Russian PDF above prints the Kyrgyz address where no Russian one is entered. */}
            <PaperGapNotice locale="ru" />
            {action.message}
            <dl className="details">
              <dt>{t("wu.status")}</dt>
              <dd>
                <span className="badge">{t(`wu.contractStatus.${c.status}`)}</span>
                {c.signedOn && ` ${t("wu.signedOn", { date: day(c.signedOn) })}`}
                {c.terminatedOn && ` · ${t("wu.terminatedOn", { date: day(c.terminatedOn) })}`}
              </dd>
              <dt>{t("wu.user")}</dt>
              <dd>
                <Link to={`/water/users/${c.waterUser.id}`}>
                  № {c.waterUser.number} {c.waterUser.displayName}
                </Link>
              </dd>
              <dt>{t("wu.season")}</dt>
              <dd>
                {c.season.name} ({day(c.season.startsOn)} – {day(c.season.endsOn)})
              </dd>
              <dt>{t("wu.tariffClass")}</dt>
              <dd>{t(`wu.tariffClasses.${c.tariffClass}`, { defaultValue: c.tariffClass })}</dd>
              {c.supersedes && (
                <>
                  <dt>{t("wu.amends")}</dt>
                  <dd>
                    <Link to={`/water/contracts/${c.supersedes.id}`}>№ {c.supersedes.number}</Link>
                  </dd>
                </>
              )}
              {c.supersededBy && (
                <>
                  <dt>{t("wu.amendedBy")}</dt>
                  <dd>
                    <Link to={`/water/contracts/${c.supersededBy.id}`}>№ {c.supersededBy.number}</Link>
                  </dd>
                </>
              )}
              {c.notes && (
                <>
                  <dt>{t("wu.notes")}</dt>
                  <dd>{c.notes}</dd>
                </>
              )}
            </dl>
            {c.status === "draft" && can("water.users") && (
              <EditDraft contract={c} onDone={contract.reload} />
            )}
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>{t("registry.fields.cadastralNumber")}</th>
                    <th>{t("wu.outlet")}</th>
                    <th>{t("wu.crop")}</th>
                    <th>{t("registry.fields.areaHa")}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.lines.map((l) => {
                    const crop = cropByCode(l.cropCode);
                    return (
                      <tr key={`${l.plotId}-${l.cropCode}`}>
                        <td>{l.cadastralNumber ?? "—"}</td>
                        <td>
                          {l.outletCode} {l.outletName}
                        </td>
                        <td>{crop ? nameOf(crop.name) : l.cropCode}</td>
                        <td>{formatNumber(l.areaHa, currentLocale(), 2)}</td>
                      </tr>
                    );
                  })}
                  <tr>
                    <td colSpan={3}>
                      <strong>{t("wu.total")}</strong>
                    </td>
                    <td>
                      <strong>{formatNumber(c.areaHa, currentLocale(), 2)}</strong>
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}

/** A draft's lines and tariff class, edited against the user's plots in force. */
function EditDraft({ contract, onDone }: { contract: ContractDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const card = useLoad(
    () => api<WaterUserCard>("GET", `/api/water/users/${contract.waterUser.id}`),
    `${contract.waterUser.id}:${contract.version}`,
  );
  return (
    <div className="card">
      <button type="button" aria-pressed={open} onClick={() => setOpen(!open)}>
        {t("wu.editDraft")}
      </button>
      {open && card.data && (
        <ContractForm
          key={contract.version}
          plots={card.data.plots}
          card={card.data}
          draft={contract}
          onDone={() => {
            setOpen(false);
            onDone();
          }}
        />
      )}
    </div>
  );
}
