import { Link, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import { formatDate } from "@/lib/i18n/format";
import { needsReconnect, useConnections } from "@/features/connections/api/connections";
import "@/features/connections/locales";

/** On every screen: a connection that expired, or expires within a week, asks to be renewed. */
export function ReconnectBanner() {
  const { t } = useTranslation("connections");
  const connections = useConnections();
  const location = useLocation();
  if (location.pathname.startsWith("/me/connections")) return null;
  const due = (connections.data ?? []).filter((c) => needsReconnect(c));
  if (due.length === 0) return null;
  return (
    <div className="notice notice-warning" role="region" aria-label={t("title")}>
      {due.map((c) => {
        const network = t(`common:networks.${c.network}`);
        return (
          <p key={c.network}>
            {c.status === "active"
              ? t("banner.soon", { network, date: formatDate(c.reconnect_by ?? c.expires_at) })
              : t("banner.expired", { network })}{" "}
            <Link to={`/me/connections/${c.network}?reconnect=1`}>{t("banner.action", { network })}</Link>
          </p>
        );
      })}
    </div>
  );
}
