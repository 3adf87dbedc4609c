import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorNotice, Notice } from "@/components/Status";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import "@/features/occasions/locales";

const OCCASIONS = ["project_delivered", "client_visit", "event", "collaboration"] as const;
type Occasion = (typeof OCCASIONS)[number];

export function SuggestionForm() {
  const { t } = useTranslation("occasions");
  const [occasion, setOccasion] = useState<Occasion>("project_delivered");
  const [title, setTitle] = useState("");
  const [story, setStory] = useState("");
  const [url, setUrl] = useState("");
  const [text, setText] = useState("");
  const suggest = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/v1/content/suggestions", {
          body: { occasion, title, story, url: url || null, suggested_text: text || null },
        }),
      ),
    onSuccess: () => {
      setTitle("");
      setStory("");
      setUrl("");
      setText("");
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        suggest.mutate();
      }}
    >
      <p>{t("intro")}</p>
      <fieldset>
        <legend>{t("occasion")}</legend>
        {OCCASIONS.map((o) => (
          <label key={o} className="check">
            <input type="radio" name="occasion" value={o} checked={o === occasion} onChange={() => setOccasion(o)} />
            {t(`kinds.${o}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="suggestion-title">{t("titleLabel")}</label>
        <input id="suggestion-title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="suggestion-story">{t("story")}</label>
        <textarea id="suggestion-story" maxLength={1000} value={story} onChange={(e) => setStory(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="suggestion-url">{t("url")}</label>
        <input id="suggestion-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="suggestion-text">{t("text")}</label>
        <textarea id="suggestion-text" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <button type="submit" className="button primary" disabled={suggest.isPending}>
        {t("submit")}
      </button>
      {suggest.isError && <ErrorNotice error={suggest.error} />}
      {suggest.isSuccess && <Notice tone="success" live>{t("sent")}</Notice>}
    </form>
  );
}
