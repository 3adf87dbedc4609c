import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";
import { SuggestionForm } from "@/features/occasions/components/SuggestionForm";
import "@/features/occasions/locales";

export function Component() {
  const { t } = useTranslation("occasions");
  return (
    <Page title={t("title")}>
      <SuggestionForm />
    </Page>
  );
}
