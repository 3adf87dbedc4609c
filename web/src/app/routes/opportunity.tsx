import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { OpportunityForm } from "@/features/opportunities/components/OpportunityForm";
import "@/features/opportunities/locales";

export function Component() {
  const { t } = useTranslation("opportunities");
  const [params] = useSearchParams();
  return (
    <Page title={t("title")}>
      <OpportunityForm shareId={params.get("share")} />
    </Page>
  );
}
