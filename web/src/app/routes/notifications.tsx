import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";
import { NotificationPreferences } from "@/features/notifications/components/NotificationPreferences";
import "@/features/notifications/locales";

export function Component() {
  const { t } = useTranslation("notifications");
  return (
    <Page title={t("title")}>
      <NotificationPreferences />
    </Page>
  );
}
