// The feed, and the composer for the item in `?content=<id>`: the address a mail's deep link carries.
import { lazy, Suspense, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { Loading, Notice } from "@/components/Status";
import { useFeed } from "@/features/feed/api/feed";
import { FeedList } from "@/features/feed/components/FeedList";
import "@/features/feed/locales";

// The composer (with X's official length counter) loads when someone starts to share.
const Composer = lazy(() => import("@/features/composer/components/Composer").then((m) => ({ default: m.Composer })));

export function Component() {
  const { t } = useTranslation("feed");
  const [params, setParams] = useSearchParams();
  const contentId = params.get("content");
  const feed = useFeed();
  const navigate = useNavigate();
  const item = contentId ? feed.data?.items.find((i) => i.content_id === contentId) : undefined;
  const close = () => setParams({}, { replace: false });

  useEffect(() => {
    if (item) document.getElementById("composer")?.scrollIntoView({ block: "start" });
  }, [item]);

  return (
    <Page title={t("title")}>
      <p className="muted">{t("intro")}</p>
      {contentId && feed.isSuccess && !item && (
        <Notice tone="warning" live>
          {t("gone")}
        </Notice>
      )}
      {item && (
        <Suspense fallback={<Loading />}>
          <Composer key={item.content_id} item={item} onClose={close} onShared={(share) => navigate(`/shares?shared=${share.share_id}`)} />
        </Suspense>
      )}
      <FeedList selectedId={contentId} onShare={(i) => setParams({ content: i.content_id })} />
    </Page>
  );
}
