import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { ShareList } from "@/features/shares/components/ShareList";
import "@/features/shares/locales";

export function Component() {
  const { t } = useTranslation("shares");
  const [params] = useSearchParams();
  return (
    <Page title={t("title")}>
      <ShareList highlight={params.get("shared")} />
    </Page>
  );
}
