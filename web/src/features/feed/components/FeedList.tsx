import { useTranslation } from "react-i18next";
import { ErrorNotice, Loading } from "@/components/Status";
import { useFeed, type FeedItem } from "@/features/feed/api/feed";
import { FeedCard } from "@/features/feed/components/FeedCard";
import "@/features/feed/locales";

export function FeedList({ onShare, selectedId }: { onShare: (item: FeedItem) => void; selectedId?: string | null }) {
  const { t } = useTranslation("feed");
  const feed = useFeed();
  if (feed.isPending) return <Loading />;
  if (feed.isError) return <ErrorNotice error={feed.error} onRetry={() => void feed.refetch()} />;
  if (feed.data.items.length === 0) return <p>{t("empty")}</p>;
  return (
    <ul className="cards" aria-label={t("title")} data-testid="feed">
      {feed.data.items.map((item) => (
        <FeedCard key={item.content_id} item={item} onShare={onShare} selected={item.content_id === selectedId} />
      ))}
    </ul>
  );
}
