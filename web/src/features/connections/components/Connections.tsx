import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { formatDate, formatNumber } from "@/lib/i18n/format";
import { INTENT_NETWORKS, OAUTH_NETWORKS, type Network } from "@/lib/networks";
import {
  needsReconnect,
  useConnectBluesky,
  useConnections,
  useDisconnect,
  useStartConnect,
  type Connection,
} from "@/features/connections/api/connections";
import "@/features/connections/locales";

function BlueskyForm({ label }: { label: string }) {
  const { t } = useTranslation("connections");
  const connect = useConnectBluesky();
  const [identifier, setIdentifier] = useState("");
  const [password, setPassword] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        connect.mutate({ identifier, app_password: password });
      }}
    >
      <fieldset>
        <legend>{label}</legend>
        <p className="muted">{t("bluesky.help")}</p>
        <div className="field">
          <label htmlFor="bsky-id">{t("bluesky.identifier")}</label>
          <input id="bsky-id" autoComplete="username" required value={identifier} onChange={(e) => setIdentifier(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="bsky-password">{t("bluesky.password")}</label>
          <input
            id="bsky-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button type="submit" className="button primary" disabled={connect.isPending}>
          {t("bluesky.submit")}
        </button>
        {connect.isError && <ErrorNotice error={connect.error} />}
        {connect.isSuccess && <Notice tone="success" live>{t("bluesky.done")}</Notice>}
      </fieldset>
    </form>
  );
}

function ConnectionCard({ connection, focus }: { connection: Connection; focus: boolean }) {
  const { t } = useTranslation("connections");
  const start = useStartConnect();
  const disconnect = useDisconnect();
  const ref = useRef<HTMLLIElement>(null);
  const network = t(`common:networks.${connection.network}`);
  const connected = ["active", "expired", "revoked"].includes(connection.status);
  const reconnect = needsReconnect(connection);
  useEffect(() => {
    if (focus) ref.current?.scrollIntoView({ block: "center" });
  }, [focus]);
  const isIntent = INTENT_NETWORKS.includes(connection.network);
  return (
    <li className="card" ref={ref} data-testid={`connection-${connection.network}`} aria-labelledby={`conn-${connection.network}`}>
      <h2 id={`conn-${connection.network}`}>{network}</h2>
      <div className="meta">
        <span className={`badge ${connection.status === "active" ? "badge-ok" : reconnect ? "badge-warn" : ""}`}>
          {t(`status.${connection.status}`, { defaultValue: connection.status })}
        </span>
        {connection.account && <span>{t("account", { account: connection.account })}</span>}
        {connection.followers != null && <span>{t("followers", { count: connection.followers, formatted: formatNumber(connection.followers) })}</span>}
        {connection.expires_at && <span>{t("expires", { date: formatDate(connection.expires_at) })}</span>}
      </div>
      {isIntent && <p className="muted">{t("intentNote", { network })}</p>}
      <div className="button-row">
        {OAUTH_NETWORKS.includes(connection.network) && (!connected || reconnect) && (
          <button type="button" className="button primary" disabled={start.isPending} onClick={() => start.mutate(connection.network)}>
            {connected ? t("reconnect", { network }) : t("connect", { network })}
          </button>
        )}
        {connected && (
          <button type="button" className="button danger" disabled={disconnect.isPending} onClick={() => disconnect.mutate(connection.network)}>
            {t("disconnect", { network })}
          </button>
        )}
      </div>
      {connection.network === "bluesky" && (!connected || reconnect) && (
        <BlueskyForm label={connected ? t("reconnect", { network }) : t("bluesky.legend")} />
      )}
      {start.isError && <ErrorNotice error={start.error} />}
      {disconnect.isError && <ErrorNotice error={disconnect.error} />}
      {disconnect.isSuccess && <Notice live>{t("disconnected", { network })}</Notice>}
    </li>
  );
}

/** The page the OAuth callback lands on: ?outcome=connected|failed&reason=<code>. */
function Outcome({ network, outcome, reason }: { network: Network; outcome: string; reason: string | null }) {
  const { t } = useTranslation("connections");
  const name = t(`common:networks.${network}`);
  if (outcome === "connected") return <Notice tone="success" live>{t("outcome.connected", { network: name })}</Notice>;
  const why = t(`outcome.reasons.${reason ?? "unknown"}`, { defaultValue: t("outcome.reasons.unknown") });
  return (
    <Notice tone="error" live>
      {t("outcome.failed", { network: name, reason: why })}
    </Notice>
  );
}

export function Connections({ network, outcome, reason }: { network?: Network; outcome?: string | null; reason?: string | null }) {
  const { t } = useTranslation("connections");
  const connections = useConnections();
  return (
    <>
      <p>{t("intro")}</p>
      {network && outcome && <Outcome network={network} outcome={outcome} reason={reason ?? null} />}
      {connections.isPending && <Loading />}
      {connections.isError && <ErrorNotice error={connections.error} onRetry={() => void connections.refetch()} />}
      {connections.isSuccess && (
        <ul className="cards">
          {connections.data.map((c) => (
            <ConnectionCard key={c.network} connection={c} focus={c.network === network} />
          ))}
        </ul>
      )}
    </>
  );
}
