import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";
import { Consents } from "@/features/consents/components/Consents";
import "@/features/consents/locales";

export function Component() {
  const { t } = useTranslation("consents");
  return (
    <Page title={t("title")}>
      <Consents />
    </Page>
  );
}
