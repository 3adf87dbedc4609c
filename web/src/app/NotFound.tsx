import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Page title={t("notFound.title")}>
      <p>{t("notFound.body")}</p>
      <p>
        <Link to="/feed">{t("notFound.home")}</Link>
      </p>
    </Page>
  );
}
