import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";
import { Pager } from "@/components/Pager";
import { ErrorNotice, Loading } from "@/components/Status";
import { useCursorPages } from "@/hooks/useCursorPages";
import { formatDate } from "@/lib/i18n/format";
import { usePeople } from "@/features/people/api/people";
import "@/features/people/locales";

export function People() {
  const { t } = useTranslation("people");
  const pages = useCursorPages();
  const people = usePeople(pages.cursor);
  return (
    <Page title={t("title")}>
      <p>{t("intro")}</p>
      {people.isPending ? (
        <Loading />
      ) : people.isError ? (
        <ErrorNotice error={people.error} onRetry={() => void people.refetch()} />
      ) : people.data.items.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="stack" data-testid="people">
            <caption className="visually-hidden">{t("title")}</caption>
            <thead>
              <tr>
                {(["name", "department", "role", "location", "language", "status"] as const).map((c) => (
                  <th key={c} scope="col">
                    {t(`columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {people.data.items.map((p) => (
                <tr key={p.employee_id} data-left={p.left}>
                  <th scope="row">{p.left ? t("hiddenName") : p.name || p.employee_id}</th>
                  <td data-label={t("columns.department")}>{p.department ?? ""}</td>
                  <td data-label={t("columns.role")}>{p.role ?? ""}</td>
                  <td data-label={t("columns.location")}>{p.location ?? ""}</td>
                  <td data-label={t("columns.language")}>{p.language ? t(`languages.${p.language}`, { defaultValue: p.language }) : ""}</td>
                  <td data-label={t("columns.status")}>{p.left ? (p.left_at ? t("left", { date: formatDate(p.left_at) }) : t("leftNoDate")) : t("active")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        pages={pages}
        query={people}
        nextLabel={t("more")}
        firstLabel={t("first")}
      />
    </Page>
  );
}
