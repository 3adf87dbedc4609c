// Curator and admin screens are built in their own features (library, approval, calendar, reports,
// settings, hr); until a screen exists, its address answers with this page rather than a 404.
import { useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";

export function Component() {
  const { t } = useTranslation();
  const section = useLocation().pathname.split("/")[1] ?? "";
  return (
    <Page title={t(`nav.${section}`)}>
      <p className="muted">{t("notYet")}</p>
    </Page>
  );
}
