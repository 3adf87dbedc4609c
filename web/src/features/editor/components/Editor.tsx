import { useEffect, useId, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";
import { ErrorNotice, Notice } from "@/components/Status";
import { useDebounced } from "@/hooks/useDebounced";
import { ApiError } from "@/lib/api/errors";
import { config } from "@/lib/config";
import { formatNumber } from "@/lib/i18n/format";
import { countLength, LINK_IN_TEXT } from "@/lib/length";
import type { Network } from "@/lib/networks";
import {
  useAudienceOptions,
  usePreview,
  useReach,
  useSave,
  useTransition,
  type AudienceValue,
  type ContentBody,
  type EditorImage,
  type EditorItem,
} from "@/features/editor/api/editor";
import { Images } from "@/features/editor/components/Images";
import "@/features/editor/locales";

const TYPES = ["news", "vacancy", "industry", "expertise", "event"];
const LANGUAGES = ["en", "nl"] as const;
const POSTING: Network[] = ["linkedin", "x", "bluesky"];
const DIMENSIONS = ["departments", "roles", "locations", "languages"] as const;
const EDITABLE = new Set(["draft", "in_review", "scheduled", "published"]);
// What the tracked link adds: every share carries one of this shape (TrackedLinkBaseUrl/r/<code>).
const SAMPLE_LINK = `${config().trackedLinkBaseUrl || window.location.origin}/r/abcd1234`;

const EMPTY: ContentBody = {
  type: "news",
  url: "",
  title: "",
  summary: "",
  images: [],
  suggested_texts: { en: [""], nl: [] },
  networks: ["linkedin", "x"],
  audience: { departments: [], roles: [], locations: [], languages: [] },
  publish_at: null,
  expires_at: null,
};

function toLocalInput(iso?: string | null): string {
  if (!iso) return "";
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}

function bodyOf(item?: EditorItem): ContentBody {
  if (!item) return EMPTY;
  return {
    type: item.type,
    url: item.url ?? "",
    title: item.title,
    summary: item.summary ?? "",
    images: (item.images ?? []).map((image) => ({ ...image, alt: { ...image.alt } })),
    suggested_texts: { en: item.suggested_texts.en ?? [], nl: item.suggested_texts.nl ?? [] },
    networks: item.networks,
    audience: item.audience,
    publish_at: item.publish_at ?? null,
    expires_at: item.expires_at ?? null,
  };
}

/** The languages the item speaks, as the API decides them: its suggested texts', else its audience's, else both. */
function itemLanguages(body: ContentBody): string[] {
  const written = LANGUAGES.filter((lang) => (body.suggested_texts[lang] ?? []).some((text) => text.trim()));
  if (written.length) return written;
  if (body.audience.languages.length) return body.audience.languages;
  return [...LANGUAGES];
}

/** The API names the field it refuses; the message shows next to that field. */
function FieldError({ error, name, id }: { error: unknown; name: string; id: string }) {
  if (!(error instanceof ApiError) || !error.body.field) return null;
  const field = error.body.field;
  if (field !== name && !field.startsWith(`${name}.`)) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {error.message}
    </p>
  );
}

function Field({ label, id, error, name, children, help }: { label: string; id: string; error: unknown; name: string; children: ReactNode; help?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help && <p className="muted">{help}</p>}
      {children}
      <FieldError error={error} name={name} id={`${id}-error`} />
    </div>
  );
}

function Counts({ text, networks }: { text: string; networks: string[] }) {
  const { t } = useTranslation("editor");
  return (
    <ul className="counts" aria-label={t("countHelp")}>
      {POSTING.filter((n) => networks.includes(n)).map((network) => {
        const length = countLength(network, text, LINK_IN_TEXT.has(network) ? SAMPLE_LINK : "");
        const over = length.total > length.limit;
        return (
          <li key={network} className={over ? "counter over" : "counter"} data-testid={`count-${network}`}>
            {t("count", { network: t(`common:networks.${network}`), total: formatNumber(length.total), limit: formatNumber(length.limit) })}
          </li>
        );
      })}
    </ul>
  );
}

function AudiencePicker({ value, onChange }: { value: AudienceValue; onChange: (v: AudienceValue) => void }) {
  const { t } = useTranslation("editor");
  const options = useAudienceOptions();
  const debounced = useDebounced(value, 250);
  const reach = useReach(debounced);
  const toggle = (dimension: (typeof DIMENSIONS)[number], option: string, on: boolean) =>
    onChange({ ...value, [dimension]: on ? [...value[dimension], option] : value[dimension].filter((v) => v !== option) });
  return (
    <fieldset className="audience">
      <legend>{t("audience")}</legend>
      <p className="muted">{t("audienceHelp")}</p>
      {options.isError && <ErrorNotice error={options.error} />}
      <div className="audience-groups">
        {DIMENSIONS.map((dimension) => (
          <fieldset key={dimension}>
            <legend>{t(`dimensions.${dimension}`)}</legend>
            {(options.data?.[dimension] ?? []).map((option) => (
              <label key={option.value} className="check">
                <input
                  type="checkbox"
                  checked={value[dimension].includes(option.value)}
                  onChange={(e) => toggle(dimension, option.value, e.target.checked)}
                />
                {t("people", {
                  value: dimension === "languages" ? t(`language.${option.value}`, { defaultValue: option.value }) : option.value,
                  count: formatNumber(option.people),
                })}
              </label>
            ))}
            {options.data && (options.data[dimension] ?? []).length === 0 && <p className="muted">{t("noOptions")}</p>}
          </fieldset>
        ))}
      </div>
      <p role="status" aria-live="polite" data-testid="reach">
        {reach.data ? t("reach", { reach: formatNumber(reach.data.reach), employees: formatNumber(reach.data.employees) }) : "\u00a0"}
      </p>
    </fieldset>
  );
}

export function Editor({ item }: { item?: EditorItem }) {
  const { t } = useTranslation("editor");
  const id = useId();
  const navigate = useNavigate();
  const created = Boolean((useLocation().state as { created?: boolean } | null)?.created);
  const [body, setBody] = useState<ContentBody>(() => bodyOf(item));
  // A saved reply carries no image addresses: keep showing the ones this page already has.
  useEffect(
    () =>
      setBody((old) => {
        const next = bodyOf(item);
        const shown = new Map(old.images.map((image) => [image.media_id, image]));
        return {
          ...next,
          images: next.images.map((image) => ({ ...image, url: image.url ?? shown.get(image.media_id)?.url, name: shown.get(image.media_id)?.name })),
        };
      }),
    [item],
  );
  const save = useSave(item?.content_id);
  const transition = useTransition(item?.content_id);
  const preview = usePreview();
  const editable = !item || EDITABLE.has(item.status);
  const set = <K extends keyof ContentBody>(key: K, value: ContentBody[K]) => setBody((b) => ({ ...b, [key]: value }));
  const error = save.error ?? preview.error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const texts = Object.fromEntries(
      Object.entries(body.suggested_texts)
        .map(([lang, list]) => [lang, list.filter((s) => s.trim())])
        .filter(([, list]) => list.length),
    );
    // The API takes an image as {media_id, alt}; alt texts left empty are not sent (the API names a missing one).
    const images = body.images.map(({ media_id, alt }) => ({
      media_id,
      alt: Object.fromEntries(Object.entries(alt).filter(([, text]) => text.trim())),
    })) as EditorImage[];
    const payload = { ...body, url: body.url || null, suggested_texts: texts, images } as ContentBody;
    save.mutate(payload, {
      onSuccess: (saved) => {
        if (!item) navigate(`/library/${saved.content_id}`, { replace: true, state: { created: true } });
      },
    });
  };

  const setText = (lang: string, index: number, text: string) =>
    set("suggested_texts", { ...body.suggested_texts, [lang]: (body.suggested_texts[lang] ?? []).map((s, i) => (i === index ? text : s)) });

  return (
    <form className="editor" onSubmit={submit} noValidate>
      {!editable && <Notice tone="warning">{t("notEditable")}</Notice>}
      <fieldset disabled={!editable} className="plain">
        <Field label={t("type")} id={`${id}-type`} error={error} name="type">
          <select id={`${id}-type`} value={body.type} onChange={(e) => set("type", e.target.value)}>
            {TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`types.${type}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("url")} id={`${id}-url`} error={error} name="url">
          <div className="inline">
            <input id={`${id}-url`} type="url" value={body.url ?? ""} onChange={(e) => set("url", e.target.value)} />
            <button
              type="button"
              className="button"
              disabled={!body.url || preview.isPending}
              onClick={() =>
                preview.mutate(body.url!, {
                  onSuccess: (card) =>
                    setBody((b) => ({
                      ...b,
                      title: b.title || card.title || "",
                      summary: b.summary || card.summary || "",
                      image_url: card.image_url ?? b.image_url,
                    })),
                })
              }
            >
              {t("preview")}
            </button>
          </div>
        </Field>
        {preview.isSuccess && (
          <div className="preview" data-testid="preview-card">
            {preview.data.image_url && <img src={preview.data.image_url} alt="" />}
            <div className="preview-body">
              <strong>{preview.data.title}</strong>
              <p>{preview.data.summary}</p>
              <span className="preview-host">{preview.data.site_name}</span>
            </div>
            <Notice live>{t("previewDone")}</Notice>
          </div>
        )}
        {preview.isError && !(preview.error instanceof ApiError && preview.error.body.field) && <ErrorNotice error={preview.error} />}
        <Field label={t("title")} id={`${id}-title`} error={error} name="title">
          <input id={`${id}-title`} value={body.title} onChange={(e) => set("title", e.target.value)} required />
        </Field>
        <Field label={t("summary")} id={`${id}-summary`} error={error} name="summary">
          <textarea id={`${id}-summary`} rows={3} value={body.summary} onChange={(e) => set("summary", e.target.value)} />
        </Field>
        <Images images={body.images} onChange={(images) => set("images", images)} languages={itemLanguages(body)} error={save.error} />
        <fieldset>
          <legend>{t("networks")}</legend>
          {POSTING.map((network) => (
            <label key={network} className="check">
              <input
                type="checkbox"
                checked={body.networks.includes(network)}
                onChange={(e) =>
                  set("networks", e.target.checked ? [...body.networks, network] : body.networks.filter((n) => n !== network))
                }
              />
              {t(`common:networks.${network}`)}
            </label>
          ))}
          <FieldError error={error} name="networks" id={`${id}-networks-error`} />
        </fieldset>
        <fieldset>
          <legend>{t("texts")}</legend>
          <p className="muted">{t("textsHelp")}</p>
          {LANGUAGES.map((lang) => {
            const language = t(`language.${lang}`);
            const list = body.suggested_texts[lang] ?? [];
            return (
              <div key={lang} className="variants">
                {list.map((text, index) => (
                  <Field
                    key={index}
                    label={t("variant", { language, n: index + 1 })}
                    id={`${id}-text-${lang}-${index}`}
                    error={error}
                    name={`suggested_texts.${lang}.${index}`}
                  >
                    <textarea
                      id={`${id}-text-${lang}-${index}`}
                      rows={3}
                      value={text}
                      onChange={(e) => setText(lang, index, e.target.value)}
                    />
                    <Counts text={text} networks={body.networks} />
                    <button
                      type="button"
                      className="button"
                      onClick={() => set("suggested_texts", { ...body.suggested_texts, [lang]: list.filter((_, i) => i !== index) })}
                    >
                      {t("removeVariant")}
                    </button>
                  </Field>
                ))}
                <button
                  type="button"
                  className="button"
                  onClick={() => set("suggested_texts", { ...body.suggested_texts, [lang]: [...list, ""] })}
                >
                  {t("addVariant", { language })}
                </button>
              </div>
            );
          })}
          <FieldError error={error} name="suggested_texts" id={`${id}-texts-error`} />
        </fieldset>
        <AudiencePicker value={body.audience} onChange={(audience) => set("audience", audience)} />
        <FieldError error={error} name="audience" id={`${id}-audience-error`} />
        <p className="muted">{t("timesHelp")}</p>
        <Field label={t("publishAt")} id={`${id}-publish`} error={error} name="publish_at">
          <input
            id={`${id}-publish`}
            type="datetime-local"
            value={toLocalInput(body.publish_at)}
            onChange={(e) => set("publish_at", fromLocalInput(e.target.value))}
          />
        </Field>
        <Field label={t("expiresAt")} id={`${id}-expires`} error={error} name="expires_at">
          <input
            id={`${id}-expires`}
            type="datetime-local"
            value={toLocalInput(body.expires_at)}
            onChange={(e) => set("expires_at", fromLocalInput(e.target.value))}
          />
        </Field>
        {save.isError && !(save.error instanceof ApiError && save.error.body.field) && <ErrorNotice error={save.error} />}
        {save.isError && save.error instanceof ApiError && save.error.body.field && <Notice tone="error" live>{save.error.message}</Notice>}
        {(save.isSuccess || (created && save.isIdle)) && <Notice tone="success" live>{t("saved")}</Notice>}
        <div className="button-row">
          <button type="submit" className="button primary" disabled={save.isPending}>
            {t("save")}
          </button>
          {item?.status === "draft" && (
            <button type="button" className="button" disabled={transition.isPending} onClick={() => transition.mutate("submit")}>
              {t("submit")}
            </button>
          )}
          {item && item.status !== "archived" && (
            <button type="button" className="button danger" disabled={transition.isPending} onClick={() => transition.mutate("archive")}>
              {t("archive")}
            </button>
          )}
        </div>
        {transition.isError && <ErrorNotice error={transition.error} />}
        {transition.isSuccess && transition.variables === "submit" && <Notice tone="success" live>{t("submitted")}</Notice>}
      </fieldset>
    </form>
  );
}
