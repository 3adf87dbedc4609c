// One library item: the editor (features/editor) and the item's history (features/approval), both
// reading the same ["content", id] query.
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { Page } from "@/components/Page";
import { ErrorNotice, Loading } from "@/components/Status";
import { useDetail } from "@/features/approval/api/approval";
import { AuditTrail } from "@/features/approval/components/AuditTrail";
import { useItem } from "@/features/editor/api/editor";
import { Editor } from "@/features/editor/components/Editor";
import "@/features/editor/locales";

export function Component() {
  const { t } = useTranslation("editor");
  const { contentId } = useParams();
  const item = useItem(contentId);
  const detail = useDetail(contentId);
  if (!contentId) {
    return (
      <Page title={t("newTitle")}>
        <Editor />
      </Page>
    );
  }
  if (item.isPending) return <Loading />;
  if (item.isError) return <ErrorNotice error={item.error} onRetry={() => void item.refetch()} />;
  return (
    <Page title={t("editTitle", { title: item.data.title })}>
      <p className="badge" data-testid="item-status">
        {t("status", { status: t(`statuses.${item.data.status}`, { defaultValue: item.data.status }) })}
      </p>
      <Editor item={item.data} />
      {detail.data?.audit && <AuditTrail entries={detail.data.audit} />}
    </Page>
  );
}
