import { useTranslation } from "react-i18next";
import { ErrorNotice, Loading } from "@/components/Status";
import { useGuidelines } from "@/features/guidelines/api/guidelines";
import "@/features/guidelines/locales";

export function GuidelinesView() {
  const { t } = useTranslation("guidelines");
  const guidelines = useGuidelines();
  if (guidelines.isPending) return <Loading />;
  if (guidelines.isError) return <ErrorNotice error={guidelines.error} onRetry={() => void guidelines.refetch()} />;
  const g = guidelines.data;
  return (
    <>
      {g.text && <p>{g.text}</p>}
      {g.welcome.length > 0 && (
        <>
          <h2>{t("welcome")}</h2>
          <ul>
            {g.welcome.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      )}
      {g.avoid.length > 0 && (
        <>
          <h2>{t("avoid")}</h2>
          <ul>
            {g.avoid.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </>
      )}
      <p className="muted">{g.source === "organisation" ? t("fromOrg") : t("default")}</p>
    </>
  );
}
