import { useTranslation } from "react-i18next";
import { formatDate } from "@/lib/i18n/format";
import type { FeedItem } from "@/features/feed/api/feed";

function host(url: string | null | undefined): string {
  if (!url) return "";
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function FeedCard({ item, onShare, selected }: { item: FeedItem; onShare: (item: FeedItem) => void; selected?: boolean }) {
  const { t } = useTranslation("feed");
  const dimensions = item.targeted_at_my.map((d) => t(`why.dimension.${d}`, { defaultValue: d })).join(t("why.and"));
  const headingId = `item-${item.content_id}`;
  return (
    <li className="card" aria-labelledby={headingId} aria-current={selected ? "true" : undefined}>
      <div className="meta">
        <span className={`badge ${item.type === "vacancy" ? "badge-warn" : ""}`}>{t(`type.${item.type}`)}</span>
        <span>{item.expires_at ? t("expires", { date: formatDate(item.expires_at) }) : t("noExpiry")}</span>
        {item.colleagues_shared > 0 && <span>{t("colleagues", { count: item.colleagues_shared })}</span>}
      </div>
      <h2 id={headingId}>{item.title}</h2>
      {item.url ? (
        <a className="preview" href={item.url} target="_blank" rel="noreferrer">
          <span className="visually-hidden">{t("preview")}: </span>
          {item.image_url && <img src={item.image_url} alt="" loading="lazy" />}
          <span className="preview-body">
            <span className="preview-host">{host(item.url)}</span>
            {item.summary && <span style={{ display: "block" }}>{item.summary}</span>}
          </span>
        </a>
      ) : (
        item.summary && <p>{item.summary}</p>
      )}
      {item.images.length > 0 && (
        <ul className="feed-images" aria-label={t("images", { count: item.images.length })}>
          {item.images.map((image) => (
            <li key={image.media_id}>
              <img src={image.url} alt={image.alt} loading="lazy" data-testid="feed-image" />
            </li>
          ))}
        </ul>
      )}
      <p className="muted">{dimensions ? t("why.targeted", { dimensions }) : t("why.everyone")}</p>
      {(item.notes.do.length > 0 || item.notes.dont.length > 0) && (
        <ul className="meta">
          {item.notes.do.map((n) => (
            <li key={`do-${n}`}>
              {t("do")}: {n}
            </li>
          ))}
          {item.notes.dont.map((n) => (
            <li key={`dont-${n}`}>
              {t("dont")}: {n}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button primary" onClick={() => onShare(item)} aria-label={t("share", { title: item.title })}>
        {t("shareShort")}
      </button>
    </li>
  );
}
