import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";
import { ProfileForm } from "@/features/profile/components/ProfileForm";
import "@/features/profile/locales";

export function Component() {
  const { t } = useTranslation("profile");
  return (
    <Page title={t("title")}>
      <ProfileForm />
    </Page>
  );
}
