import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Notice } from "@/components/Status";
import { useDebounced } from "@/hooks/useDebounced";
import { config } from "@/lib/config";
import { formatDateTime, formatNumber } from "@/lib/i18n/format";
import { API_NETWORKS, INTENT_NETWORKS, type Network } from "@/lib/networks";
import {
  refusalReasons,
  useConnectionStatus,
  useShare,
  useShareCheck,
  type CreatedShare,
  type Decision,
  type ShareBody,
} from "@/features/composer/api/share";
import { countLength, LINK_IN_TEXT } from "@/lib/length";
import "@/features/composer/locales";

export interface ShareableItem {
  content_id: string;
  title: string;
  url?: string | null;
  suggested_texts: string[];
  networks: Network[];
  images?: { media_id: string; url: string; alt: string }[];
}

/** The tracked link's shape before it exists: the code is made when the share is. */
function trackedLinkExample(): string {
  const base = config().trackedLinkBaseUrl || window.location.origin;
  return `${base.replace(/\/$/, "")}/r/xxxxxxxxxx`;
}

function DecisionList({ items, tone }: { items: Decision[]; tone: "error" | "warning" }) {
  if (items.length === 0) return null;
  return (
    <ul className={`notice notice-${tone}`} data-testid={`guard-${tone}`}>
      {items.map((d) => (
        <li key={`${d.code}-${d.message}`}>{d.message}</li>
      ))}
    </ul>
  );
}

function toIso(local: string): string | null {
  if (!local) return null;
  const date = new Date(local); // datetime-local is the browser's own time zone
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function Composer({
  item,
  onClose,
  onShared,
}: {
  item: ShareableItem;
  onClose: () => void;
  onShared: (share: CreatedShare, network: Network) => void;
}) {
  const { t } = useTranslation("composer");
  const networks = item.networks.length ? item.networks : (["linkedin"] as Network[]);
  const connections = useConnectionStatus();
  const connected = new Set((connections.data ?? []).filter((c) => c.status === "active").map((c) => c.network));
  const [network, setNetwork] = useState<Network>(networks[0]);
  const suggestions = item.suggested_texts.length ? item.suggested_texts : [""];
  const [texts, setTexts] = useState<Partial<Record<Network, string>>>({});
  const text = texts[network] ?? suggestions[0];
  const [scheduled, setScheduled] = useState(false);
  const [when, setWhen] = useState("");
  const [intent, setIntent] = useState<CreatedShare | null>(null);
  const share = useShare();
  const networkName = t(`common:networks.${network}`);
  const link = trackedLinkExample();
  const length = useMemo(() => countLength(network, text, link), [network, text, link]);
  const over = length.total - length.limit;

  const body: ShareBody = { content_id: item.content_id, network, text, scheduled_at: scheduled ? toIso(when) : null };
  const settled = useDebounced(body, 400);
  const check = useShareCheck(text.trim() ? settled : null);
  // The API's verdict counts (and so may differ by the link's real length); show it when it is about this text.
  const verdict = check.data && check.data.network === network ? check.data : undefined;
  const current = JSON.stringify(settled) === JSON.stringify(body) && !check.isPlaceholderData;
  // The guard may add a line (the org's disclosure): its count of the text as it will go out.
  const addedByGuard = verdict && current && verdict.text.trim() !== text.trim() ? verdict.length : null;
  const verdictReasons = verdict?.reasons ?? [];
  const verdictWarnings = verdict?.warnings ?? [];
  const needsConnection = API_NETWORKS.includes(network) && connections.isSuccess && !connected.has(network);
  const isIntent = INTENT_NETWORKS.includes(network);
  const refusedNow = current && verdict !== undefined && !verdict.allowed;
  const blocked = over > 0 || !text.trim() || needsConnection || refusedNow || (scheduled && !toIso(when));

  const submit = async () => {
    share.reset();
    const created = await share.mutateAsync(body).catch(() => null);
    if (!created) return;
    if (created.intent_url) {
      setIntent(created);
      window.open(created.intent_url, "_blank", "noopener");
      return;
    }
    onShared(created, network);
  };

  const textId = `composer-text-${item.content_id}`;
  const images = item.images ?? [];
  return (
    <section id="composer" className="card composer" aria-labelledby="composer-title">
      <div className="page-header">
        <h2 id="composer-title">{t("title", { title: item.title })}</h2>
        <button type="button" className="button" onClick={onClose}>
          {t("close")}
        </button>
      </div>

      <fieldset>
        <legend>{t("network")}</legend>
        <div className="tabs">
          {networks.map((n) => (
            <label key={n} className="check button">
              <input type="radio" name="network" value={n} checked={n === network} onChange={() => setNetwork(n)} />
              {t(`common:networks.${n}`)}
            </label>
          ))}
        </div>
      </fieldset>

      {needsConnection && (
        <Notice tone="warning">
          <p>
            {t("notConnected", { network: networkName })}{" "}
            <Link to={`/me/connections/${network}`}>{t("connect", { network: networkName })}</Link>
          </p>
        </Notice>
      )}
      {isIntent && <p className="muted">{t("intentNote", { network: networkName })}</p>}

      {suggestions.length > 1 && (
        <div className="tabs" role="group" aria-label={t("suggestions")}>
          {suggestions.map((s, i) => (
            <button
              key={s}
              type="button"
              className="button"
              aria-pressed={text === s}
              onClick={() => setTexts((all) => ({ ...all, [network]: s }))}
            >
              {t("suggestion", { n: i + 1 })}
            </button>
          ))}
        </div>
      )}

      <div className="field">
        <label htmlFor={textId}>{t("text", { network: networkName })}</label>
        <textarea
          id={textId}
          value={text}
          onChange={(e) => setTexts((all) => ({ ...all, [network]: e.target.value }))}
          aria-describedby={`${textId}-help ${textId}-count`}
          aria-invalid={over > 0}
        />
        <span id={`${textId}-help`} className="muted">
          {t("textHelp")}
        </span>
        <span id={`${textId}-count`} className={over > 0 ? "counter over" : "counter"} data-testid="length">
          {t("count", { network: networkName, total: formatNumber(length.total), limit: formatNumber(length.limit) })}
          {length.link > 0 && ` (${t("countParts", { text: formatNumber(length.text), link: formatNumber(length.link) })})`}
        </span>
        {addedByGuard && (
          <span className={addedByGuard.total > addedByGuard.limit ? "counter over" : "counter"} data-testid="length-as-posted">
            {t("countAsPosted", { total: formatNumber(addedByGuard.total), limit: formatNumber(addedByGuard.limit) })}
          </span>
        )}
        {over > 0 && (
          <span className="counter over" role="alert">
            {t("over", { over: formatNumber(over), network: networkName })}
          </span>
        )}
      </div>

      <p>
        {LINK_IN_TEXT.has(network) ? t("link") : t("linkSeparate", { network: networkName })}{" "}
        <span className="linkline">{link}</span>
      </p>

      {images.length > 0 && (
        <section aria-labelledby={`${textId}-images`} className="composer-images">
          <h3 id={`${textId}-images`}>{t("images.title", { count: images.length })}</h3>
          <p className="muted">{isIntent ? t("images.linkOnly", { network: networkName }) : t("images.posted", { network: networkName })}</p>
          <ul className="feed-images">
            {images.map((image) => (
              <li key={image.media_id} data-testid="composer-image">
                <figure>
                  {/* The caption says what it shows; the picture itself adds nothing for a screen reader. */}
                  <img src={image.url} alt="" />
                  <figcaption>{t("images.alt", { alt: image.alt })}</figcaption>
                </figure>
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="field">
        <label className="check">
          <input type="checkbox" checked={scheduled} onChange={(e) => setScheduled(e.target.checked)} />
          {t("schedule")}
        </label>
        {scheduled && (
          <>
            <label htmlFor={`${textId}-when`}>{t("when")}</label>
            <input id={`${textId}-when`} type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
          </>
        )}
      </div>

      <section aria-labelledby={`${textId}-verdict`} aria-live="polite">
        <h3 id={`${textId}-verdict`}>{t("verdict")}</h3>
        {check.isFetching && !verdict && <p className="muted">{t("checking")}</p>}
        {verdict && verdict.allowed && verdictWarnings.length === 0 && <p>{t("allowed")}</p>}
        <DecisionList items={verdictReasons} tone="error" />
        <DecisionList items={verdictWarnings} tone="warning" />
        {verdict?.scheduled && <p>{t("willPostAt", { date: formatDateTime(verdict.post_at) })}</p>}
      </section>

      {share.isError && (
        <div role="alert">
          <p>{t("refused")}</p>
          <DecisionList items={refusalReasons(share.error)} tone="error" />
        </div>
      )}
      {intent?.intent_url && (
        <Notice tone="success" live>
          <p>{t("doneIntent", { network: networkName })}</p>
          <a className="button primary" href={intent.intent_url} target="_blank" rel="noreferrer">
            {t("openIntent", { network: networkName })}
          </a>
        </Notice>
      )}

      <div className="button-row">
        <button type="button" className="button primary" disabled={blocked || share.isPending} onClick={() => void submit()}>
          {share.isPending
            ? t("sending")
            : isIntent
              ? t("openIntent", { network: networkName })
              : scheduled
                ? t("scheduleButton", { network: networkName })
                : t("shareNow", { network: networkName })}
        </button>
      </div>
    </section>
  );
}
