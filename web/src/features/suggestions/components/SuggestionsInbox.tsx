import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { Page } from "@/components/Page";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { ApiError } from "@/lib/api/errors";
import { authorLabel } from "@/lib/authors";
import { formatDate } from "@/lib/i18n/format";
import { useAccept, useDecline, useSuggestions, type Suggestion } from "@/features/suggestions/api/suggestions";
import "@/features/suggestions/locales";

function SuggestionCard({ suggestion, focused }: { suggestion: Suggestion; focused: boolean }) {
  const { t } = useTranslation("suggestions");
  const id = useId();
  const accept = useAccept(suggestion.content_id);
  const decline = useDecline(suggestion.content_id);
  const [url, setUrl] = useState(suggestion.url ?? "");
  const [title, setTitle] = useState(suggestion.title);
  const [en, setEn] = useState(suggestion.suggested_texts.en?.[0] ?? "");
  const [nl, setNl] = useState(suggestion.suggested_texts.nl?.[0] ?? "");
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState("");
  const fieldError = (name: string) =>
    accept.error instanceof ApiError && accept.error.body.field?.startsWith(name) ? (
      <p className="field-error" role="alert">
        {accept.error.message}
      </p>
    ) : null;
  if (accept.isSuccess || decline.isSuccess)
    return (
      <li className="card">
        <Notice tone="success" live>
          {decline.isSuccess ? t("declined") : accept.data?.status === "published" ? t("accepted") : t("scheduled")}
        </Notice>
      </li>
    );
  return (
    <li className="card" data-testid="suggestion" aria-current={focused ? "true" : undefined} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{suggestion.title}</h2>
      <div className="meta">
        {suggestion.occasion && <span className="badge">{t(`occasions.${suggestion.occasion}`, { defaultValue: suggestion.occasion })}</span>}
        <span>{t("from", { name: authorLabel(suggestion.author, suggestion.author_name), date: formatDate(suggestion.created_at) })}</span>
      </div>
      {suggestion.summary && <p>{suggestion.summary}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const texts: Record<string, string[]> = {};
          if (en.trim()) texts.en = [en];
          if (nl.trim()) texts.nl = [nl];
          accept.mutate({ url: url || undefined, title, suggested_texts: texts });
        }}
        noValidate
      >
        <div className="field">
          <label htmlFor={`${id}-title`}>{t("headline")}</label>
          <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} />
          {fieldError("title")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-url`}>{t("url")}</label>
          <input id={`${id}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
          {fieldError("url")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-en`}>{t("textEn")}</label>
          <textarea id={`${id}-en`} rows={3} value={en} onChange={(e) => setEn(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-nl`}>{t("textNl")}</label>
          <textarea id={`${id}-nl`} rows={3} value={nl} onChange={(e) => setNl(e.target.value)} />
          {fieldError("suggested_texts")}
        </div>
        {accept.isError && !(accept.error instanceof ApiError && accept.error.body.field) && <ErrorNotice error={accept.error} />}
        <div className="button-row">
          <button type="submit" className="button primary" disabled={accept.isPending}>
            {t("accept")}
          </button>
          <button type="button" className="button danger" aria-expanded={declining} onClick={() => setDeclining((v) => !v)}>
            {t("decline")}
          </button>
        </div>
      </form>
      {declining && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            decline.mutate(reason);
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t("reason")}</label>
            <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" className="button danger" disabled={decline.isPending}>
            {t("declineConfirm")}
          </button>
          {decline.isError && <ErrorNotice error={decline.error} />}
        </form>
      )}
    </li>
  );
}

export function SuggestionsInbox() {
  const { t } = useTranslation("suggestions");
  const [params] = useSearchParams();
  const suggestions = useSuggestions();
  return (
    <Page title={t("title")}>
      <p>{t("intro")}</p>
      {suggestions.isPending ? (
        <Loading />
      ) : suggestions.isError ? (
        <ErrorNotice error={suggestions.error} onRetry={() => void suggestions.refetch()} />
      ) : suggestions.data.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ul className="cards">
          {suggestions.data.map((s) => (
            <SuggestionCard key={s.content_id} suggestion={s} focused={s.content_id === params.get("content")} />
          ))}
        </ul>
      )}
    </Page>
  );
}
