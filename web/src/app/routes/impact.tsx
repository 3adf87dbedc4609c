import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";
import { Impact } from "@/features/impact/components/Impact";
import "@/features/impact/locales";

export function Component() {
  const { t } = useTranslation("impact");
  return (
    <Page title={t("title")}>
      <Impact />
    </Page>
  );
}
