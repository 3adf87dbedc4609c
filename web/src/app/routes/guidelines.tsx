import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";
import { GuidelinesView } from "@/features/guidelines/components/GuidelinesView";
import "@/features/guidelines/locales";

export function Component() {
  const { t } = useTranslation("guidelines");
  return (
    <Page title={t("title")}>
      <GuidelinesView />
    </Page>
  );
}
