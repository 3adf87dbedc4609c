import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { isNetwork } from "@/lib/networks";
import { Connections } from "@/features/connections/components/Connections";
import "@/features/connections/locales";

export function Component() {
  const { t } = useTranslation("connections");
  const { network } = useParams();
  const [params] = useSearchParams();
  return (
    <Page title={t("title")}>
      <Connections network={isNetwork(network) ? network : undefined} outcome={params.get("outcome")} reason={params.get("reason")} />
    </Page>
  );
}
