import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorNotice, Loading } from "@/components/Status";
import { formatDate, formatDateTime } from "@/lib/i18n/format";
import { API_NETWORKS, type Network } from "@/lib/networks";
import { useConsents, useGiveConsent, useRevokeConsent } from "@/features/consents/api/consents";
import "@/features/consents/locales";

export function Consents() {
  const { t } = useTranslation("consents");
  const consents = useConsents();
  const give = useGiveConsent();
  const revoke = useRevokeConsent();
  const [network, setNetwork] = useState<Network>("linkedin");
  if (consents.isPending) return <Loading />;
  if (consents.isError) return <ErrorNotice error={consents.error} onRetry={() => void consents.refetch()} />;
  const active = consents.data.items.filter((c) => c.status === "active");
  return (
    <>
      <p>{t("intro")}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          give.mutate(network);
        }}
      >
        <div className="field">
          <label htmlFor="consent-network">{t("network")}</label>
          <select id="consent-network" value={network} onChange={(e) => setNetwork(e.target.value as Network)}>
            {API_NETWORKS.map((n) => (
              <option key={n} value={n}>
                {t(`common:networks.${n}`)}
              </option>
            ))}
          </select>
        </div>
        <p className="muted">{t("give", { network: t(`common:networks.${network}`) })}</p>
        <button type="submit" className="button primary" disabled={give.isPending}>
          {t("giveButton")}
        </button>
        {give.isError && <ErrorNotice error={give.error} />}
      </form>

      <h2>{t("active")}</h2>
      {active.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <ul className="cards">
          {active.map((c) => {
            const name = t(`common:networks.${c.network}`);
            return (
              <li key={c.consent_id} className="card">
                <p>{t("item", { department: c.department, network: name, date: formatDate(c.given_at) })}</p>
                <button type="button" className="button danger" onClick={() => revoke.mutate(c.consent_id)} disabled={revoke.isPending}>
                  {t("revoke", { network: name })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {revoke.isError && <ErrorNotice error={revoke.error} />}

      <h2>{t("history")}</h2>
      {consents.data.history.length === 0 ? (
        <p>{t("noHistory")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("when")}</th>
                <th scope="col">{t("what")}</th>
                <th scope="col">{t("why")}</th>
              </tr>
            </thead>
            <tbody>
              {consents.data.history.map((h) => (
                <tr key={`${h.consent_id}-${h.at}`}>
                  <td>{formatDateTime(h.at)}</td>
                  <td>
                    {t(h.action)}: {t(`common:networks.${h.network}`)} · {h.department}
                  </td>
                  <td>{h.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
