import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { Pager } from "@/components/Pager";
import { ErrorNotice, Loading } from "@/components/Status";
import { useCursorPages } from "@/hooks/useCursorPages";
import { authorLabel } from "@/lib/authors";
import { formatDateTime } from "@/lib/i18n/format";
import { useLibrary, type ContentItem, type LibraryFilters } from "@/features/library/api/content";
import "@/features/library/locales";

export const STATUSES = ["draft", "in_review", "scheduled", "published", "expired", "archived"];
export const TYPES = ["news", "vacancy", "industry", "expertise", "event"];
const FIELDS = ["status", "type", "language", "department", "author", "q", "origin"] as const;

function audienceLabel(item: ContentItem, everyone: string): string {
  const parts = [...item.audience.departments, ...item.audience.roles, ...item.audience.locations, ...item.audience.languages];
  return parts.length ? parts.join(", ") : everyone;
}

export function Library() {
  const { t } = useTranslation("library");
  const [params, setParams] = useSearchParams();
  const filters: LibraryFilters = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) ?? ""]));
  const [draft, setDraft] = useState<LibraryFilters>(filters);
  const pages = useCursorPages();
  const library = useLibrary(filters, pages.cursor);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    pages.first();
    setParams(Object.fromEntries(Object.entries(draft).filter(([, v]) => v)) as Record<string, string>);
  };
  const set = (field: keyof LibraryFilters) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));

  return (
    <Page
      title={t("title")}
      actions={
        <Link className="button primary" to="/library/new">
          {t("new")}
        </Link>
      }
    >
      <form className="filters" aria-label={t("filters")} onSubmit={apply} role="search">
        <div className="field">
          <label htmlFor="f-q">{t("search")}</label>
          <input id="f-q" type="search" value={draft.q ?? ""} onChange={(e) => set("q")(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-status">{t("status")}</label>
          <select id="f-status" value={draft.status ?? ""} onChange={(e) => set("status")(e.target.value)}>
            <option value="">{t("any")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-type">{t("type")}</label>
          <select id="f-type" value={draft.type ?? ""} onChange={(e) => set("type")(e.target.value)}>
            <option value="">{t("any")}</option>
            {TYPES.map((s) => (
              <option key={s} value={s}>
                {t(`types.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-language">{t("language")}</label>
          <select id="f-language" value={draft.language ?? ""} onChange={(e) => set("language")(e.target.value)}>
            <option value="">{t("any")}</option>
            <option value="en">{t("languages.en")}</option>
            <option value="nl">{t("languages.nl")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-origin">{t("origin")}</label>
          <select id="f-origin" value={draft.origin ?? ""} onChange={(e) => set("origin")(e.target.value)}>
            <option value="">{t("any")}</option>
            <option value="source">{t("fromSources")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-department">{t("department")}</label>
          <input id="f-department" value={draft.department ?? ""} onChange={(e) => set("department")(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-author">{t("author")}</label>
          <input id="f-author" value={draft.author ?? ""} onChange={(e) => set("author")(e.target.value)} />
        </div>
        <div className="button-row">
          <button type="submit" className="button primary">
            {t("apply")}
          </button>
          <button
            type="button"
            className="button"
            onClick={() => {
              setDraft({});
              pages.first();
              setParams({});
            }}
          >
            {t("clear")}
          </button>
        </div>
      </form>
      {filters.origin === "source" && <p className="muted">{t("fromSourcesHelp")}</p>}
      {library.isPending ? (
        <Loading />
      ) : library.isError ? (
        <ErrorNotice error={library.error} onRetry={() => void library.refetch()} />
      ) : library.data.items.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <caption className="visually-hidden">{t("title")}</caption>
            <thead>
              <tr>
                {(["title", "type", "status", "audience", "author", "updated"] as const).map((c) => (
                  <th key={c} scope="col">
                    {t(`columns.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {library.data.items.map((item) => (
                <tr key={item.content_id} data-testid="library-row">
                  <td>
                    <Link to={`/library/${item.content_id}`}>{item.title}</Link>
                  </td>
                  <td data-label={t("columns.type")}>{t(`types.${item.type}`, { defaultValue: item.type })}</td>
                  <td data-label={t("columns.status")}>
                    <span className="badge">{t(`statuses.${item.status}`, { defaultValue: item.status })}</span>
                  </td>
                  <td data-label={t("columns.audience")}>{audienceLabel(item, t("everyone"))}</td>
                  <td data-label={t("columns.author")}>{authorLabel(item.author, item.author_name)}</td>
                  <td data-label={t("columns.updated")}>{formatDateTime(item.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        pages={pages}
        query={library}
        nextLabel={t("more")}
        firstLabel={t("first")}
      />
    </Page>
  );
}
