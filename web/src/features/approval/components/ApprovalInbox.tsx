import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { authorLabel } from "@/lib/authors";
import { formatDateTime } from "@/lib/i18n/format";
import { useDecision, useDetail, useReviewQueue, type ReviewItem } from "@/features/approval/api/approval";
import { AuditTrail } from "@/features/approval/components/AuditTrail";
import "@/features/approval/locales";

function audienceOf(item: ReviewItem): string[] {
  const a = item.audience;
  return [...a.departments, ...a.roles, ...a.locations, ...a.languages];
}

function ReviewCard({ item, open, onDecided }: { item: ReviewItem; open: boolean; onDecided: (message: string) => void }) {
  const { t } = useTranslation("approval");
  const id = useId();
  const decision = useDecision(item.content_id);
  const decide = (action: "approve" | "reject", reason: string) =>
    decision.mutate(
      { action, reason },
      { onSuccess: () => onDecided(t(action === "approve" ? "approvedItem" : "rejectedItem", { title: item.title })) },
    );
  const [showAudit, setShowAudit] = useState(open);
  const detail = useDetail(showAudit ? item.content_id : undefined);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const audience = audienceOf(item);
  return (
    <li className="card" data-testid="review-item" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{item.title}</h2>
      <div className="meta">
        <span>{t("by", { name: authorLabel(item.author, item.author_name || detail.data?.author_name) })}</span>
        <span>{t("audience", { audience: audience.length ? audience.join(", ") : t("everyone") })}</span>
        {item.publish_at && <span>{t("publishAt", { date: formatDateTime(item.publish_at) })}</span>}
      </div>
      {item.summary && <p>{item.summary}</p>}
      {item.url && (
        <p className="linkline">
          <a href={item.url} target="_blank" rel="noreferrer">
            {item.url}
          </a>
        </p>
      )}
      {Object.entries(item.suggested_texts).map(([lang, texts]) =>
        texts.map((text, i) => (
          <blockquote key={`${lang}-${i}`} lang={lang}>
            {text}
          </blockquote>
        )),
      )}
      {decision.isSuccess ? (
        <Notice tone="success" live>
          {decision.variables?.action === "approve" ? t("approved") : t("rejected")}
        </Notice>
      ) : (
        <>
          <div className="button-row">
            <button
              type="button"
              className="button primary"
              disabled={decision.isPending}
              onClick={() => decide("approve", "")}
            >
              {t("approve")}
            </button>
            <button type="button" className="button danger" aria-expanded={rejecting} onClick={() => setRejecting((v) => !v)}>
              {t("reject")}
            </button>
            <Link className="button" to={`/library/${item.content_id}`}>
              {t("edit")}
            </Link>
          </div>
          {rejecting && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                decide("reject", reason);
              }}
            >
              <div className="field">
                <label htmlFor={`${id}-reason`}>{t("reason")}</label>
                <textarea id={`${id}-reason`} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
              </div>
              <button type="submit" className="button danger" disabled={decision.isPending}>
                {t("rejectConfirm")}
              </button>
            </form>
          )}
          {decision.isError && <ErrorNotice error={decision.error} />}
        </>
      )}
      <details open={showAudit} onToggle={(e) => setShowAudit(e.currentTarget.open)}>
        <summary>{t("auditTitle")}</summary>
        {detail.data?.audit ? <AuditTrail entries={detail.data.audit} headingLevel={3} /> : showAudit && <Loading />}
      </details>
    </li>
  );
}

export function ApprovalInbox() {
  const { t } = useTranslation("approval");
  const [params] = useSearchParams();
  const focus = params.get("content");
  const queue = useReviewQueue();
  const [decided, setDecided] = useState<string | null>(null);
  return (
    <Page title={t("title")}>
      <p>{t("intro")}</p>
      {decided && (
        <Notice tone="success" live>
          {decided}
        </Notice>
      )}
      {queue.isPending ? (
        <Loading />
      ) : queue.isError ? (
        <ErrorNotice error={queue.error} onRetry={() => void queue.refetch()} />
      ) : queue.data.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ul className="cards">
          {queue.data.map((item) => (
            <ReviewCard key={item.content_id} item={item} open={item.content_id === focus} onDecided={setDecided} />
          ))}
        </ul>
      )}
    </Page>
  );
}
