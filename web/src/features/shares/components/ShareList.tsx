import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { formatDateTime } from "@/lib/i18n/format";
import { useCancelShare, useShares, type Share } from "@/features/shares/api/shares";
import "@/features/shares/locales";

const TONE: Record<string, string> = { posted: "badge-ok", failed: "badge-err", blocked: "badge-err", scheduled: "badge-warn" };

function ShareRow({ share, highlighted }: { share: Share; highlighted: boolean }) {
  const { t } = useTranslation("shares");
  const cancel = useCancelShare();
  const network = t(`common:networks.${share.network}`);
  const reason = share.failure_reason || share.reasons?.map((r) => r.message).join(" ");
  return (
    <li className="card" data-testid="share" data-status={share.status} aria-current={highlighted ? "true" : undefined}>
      <div className="meta">
        <span className={`badge ${TONE[share.status] ?? ""}`} data-testid="share-status">
          {t(`status.${share.status}`, { defaultValue: share.status })}
        </span>
        <span>{t("on", { network })}</span>
        {share.status === "scheduled" && share.post_at && <span>{t("postAt", { date: formatDateTime(share.post_at) })}</span>}
        {share.posted_at && <span>{t("postedAt", { date: formatDateTime(share.posted_at) })}</span>}
      </div>
      <p style={{ whiteSpace: "pre-wrap" }}>{share.text}</p>
      {reason && (share.status === "failed" || share.status === "blocked") && <p>{t("failed", { reason })}</p>}
      {share.tracked_url && (
        <p className="muted">
          {t("trackedLink")}: <span className="linkline">{share.tracked_url}</span>
        </p>
      )}
      <div className="button-row">
        {share.post_url && (
          <a className="button" href={share.post_url} target="_blank" rel="noreferrer">
            {t("viewPost", { network })}
          </a>
        )}
        {share.intent_url && share.status === "awaiting_employee" && (
          <a className="button" href={share.intent_url} target="_blank" rel="noreferrer">
            {t("finish", { network })}
          </a>
        )}
        {share.status === "scheduled" && (
          <button type="button" className="button danger" disabled={cancel.isPending} onClick={() => cancel.mutate(share.share_id)}>
            {t("cancel")}
          </button>
        )}
        {share.status === "posted" && (
          <Link className="button" to={`/opportunities/new?share=${share.share_id}`}>
            {t("logOpportunity")}
          </Link>
        )}
      </div>
      {cancel.isError && <ErrorNotice error={cancel.error} />}
      {cancel.isSuccess && <Notice live>{t("cancelled")}</Notice>}
    </li>
  );
}

export function ShareList({ highlight }: { highlight?: string | null }) {
  const { t } = useTranslation("shares");
  const shares = useShares();
  if (shares.isPending) return <Loading />;
  if (shares.isError) return <ErrorNotice error={shares.error} onRetry={() => void shares.refetch()} />;
  if (shares.data.length === 0) return <p>{t("empty")}</p>;
  const just = highlight ? shares.data.find((s) => s.share_id === highlight) : undefined;
  return (
    <>
      {just && <Notice tone="success" live>{t("justShared", { network: t(`common:networks.${just.network}`) })}</Notice>}
      <ul className="cards" aria-label={t("title")}>
        {shares.data.map((share) => (
          <ShareRow key={share.share_id} share={share} highlighted={share.share_id === highlight} />
        ))}
      </ul>
    </>
  );
}
