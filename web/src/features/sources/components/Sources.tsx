import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Page } from "@/components/Page";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { ApiError } from "@/lib/api/errors";
import { formatDateTime, formatNumber } from "@/lib/i18n/format";
import {
  useAddSource,
  useAudienceOptions,
  useDeleteSource,
  useEditSource,
  useSources,
  type Source,
  type SourceIn,
} from "@/features/sources/api/sources";
import "@/features/sources/locales";

const DIMENSIONS = ["departments", "roles", "locations", "languages"] as const;
type Dimension = (typeof DIMENSIONS)[number];
type AudienceValue = Record<Dimension, string[]>;
interface FormValue {
  url: string;
  name: string;
  content_type: "industry" | "expertise";
  language: "en" | "nl";
  audience: AudienceValue;
  active: boolean;
}

const EMPTY: FormValue = {
  url: "",
  name: "",
  content_type: "industry",
  language: "en",
  audience: { departments: [], roles: [], locations: [], languages: [] },
  active: true,
};

function valueOf(source?: Source): FormValue {
  if (!source) return EMPTY;
  const audience = Object.fromEntries(DIMENSIONS.map((d) => [d, source.audience[d] ?? []])) as AudienceValue;
  return {
    url: source.url,
    name: source.name ?? "",
    content_type: source.content_type === "expertise" ? "expertise" : "industry",
    language: source.language,
    audience,
    active: source.active,
  };
}

/** The API names the field it refuses; its message (in the reader's language) shows under that field. */
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

function fieldOf(error: unknown): string | undefined {
  return error instanceof ApiError ? error.body.field : undefined;
}

function AudienceChoice({ value, onChange }: { value: AudienceValue; onChange: (v: AudienceValue) => void }) {
  const { t } = useTranslation("sources");
  const options = useAudienceOptions();
  const toggle = (dimension: Dimension, option: string, on: boolean) =>
    onChange({ ...value, [dimension]: on ? [...value[dimension], option] : value[dimension].filter((v) => v !== option) });
  return (
    <fieldset className="audience">
      <legend>{t("audience")}</legend>
      <p className="muted">{t("audienceHelp")}</p>
      {options.isError && <ErrorNotice error={options.error} />}
      <div className="audience-groups">
        {DIMENSIONS.filter((d) => (options.data?.[d] ?? []).length > 0).map((dimension) => (
          <fieldset key={dimension}>
            <legend>{t(`dimensions.${dimension}`)}</legend>
            {(options.data?.[dimension] ?? []).map((option) => (
              <label key={option.value} className="check">
                <input
                  type="checkbox"
                  checked={value[dimension].includes(option.value)}
                  onChange={(e) => toggle(dimension, option.value, e.target.checked)}
                />
                {dimension === "languages" ? t(`languages.${option.value}`, { defaultValue: option.value }) : option.value}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </fieldset>
  );
}

/** Adding a feed, or editing one: the same fields. */
function SourceForm({ source, onDone }: { source?: Source; onDone?: () => void }) {
  const { t } = useTranslation("sources");
  const id = useId();
  const add = useAddSource();
  const edit = useEditSource();
  const save = source ? edit : add;
  const [value, setValue] = useState<FormValue>(() => valueOf(source));
  const set = <K extends keyof FormValue>(key: K, v: FormValue[K]) => setValue((old) => ({ ...old, [key]: v }));
  const error = save.error;
  const field = fieldOf(error);
  const described = (name: string) => (field === name || field?.startsWith(`${name}.`) ? `${id}-${name}-error` : undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { ...value, url: value.url.trim(), name: value.name.trim() } as SourceIn;
    if (source) {
      edit.mutate({ id: source.source_id, body }, { onSuccess: () => onDone?.() });
    } else {
      add.mutate(body, { onSuccess: () => setValue(EMPTY) });
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-h`} className="card source-form">
      <h2 id={`${id}-h`} tabIndex={-1}>
        {source ? t("editTitle", { name: source.name || source.feed_title || source.url }) : t("addTitle")}
      </h2>
      <div className="field">
        <label htmlFor={`${id}-url`}>{t("url")}</label>
        <p className="muted" id={`${id}-url-help`}>
          {t("urlHelp")}
        </p>
        <input
          id={`${id}-url`}
          type="url"
          required
          value={value.url}
          onChange={(e) => set("url", e.target.value)}
          aria-describedby={[`${id}-url-help`, described("url")].filter(Boolean).join(" ")}
          aria-invalid={described("url") ? true : undefined}
        />
        <FieldError error={error} name="url" id={`${id}-url-error`} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t("name")}</label>
        <p className="muted" id={`${id}-name-help`}>
          {t("nameHelp")}
        </p>
        <input id={`${id}-name`} value={value.name} onChange={(e) => set("name", e.target.value)} aria-describedby={`${id}-name-help`} />
        <FieldError error={error} name="name" id={`${id}-name-error`} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t("contentType")}</label>
        <select id={`${id}-type`} value={value.content_type} onChange={(e) => set("content_type", e.target.value as FormValue["content_type"])}>
          <option value="industry">{t("types.industry")}</option>
          <option value="expertise">{t("types.expertise")}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-language`}>{t("language")}</label>
        <select
          id={`${id}-language`}
          value={value.language}
          onChange={(e) => set("language", e.target.value as FormValue["language"])}
          aria-describedby={described("language")}
        >
          <option value="en">{t("languages.en")}</option>
          <option value="nl">{t("languages.nl")}</option>
        </select>
        <FieldError error={error} name="language" id={`${id}-language-error`} />
      </div>
      <AudienceChoice value={value.audience} onChange={(audience) => set("audience", audience)} />
      <FieldError error={error} name="audience" id={`${id}-audience-error`} />
      <label className="check">
        <input type="checkbox" checked={value.active} onChange={(e) => set("active", e.target.checked)} />
        {t("activeLabel")}
      </label>
      {save.isError && !field && <ErrorNotice error={save.error} />}
      {!source && add.isSuccess && (
        <Notice tone="success" live>
          {t("added", { name: add.data.name || add.data.url })}
        </Notice>
      )}
      <div className="button-row">
        <button type="submit" className="button primary" disabled={save.isPending}>
          {source ? t("save") : t("add")}
        </button>
        {source && (
          <button type="button" className="button" onClick={onDone}>
            {t("cancel")}
          </button>
        )}
      </div>
    </form>
  );
}

const BADGE: Record<string, string> = { ok: "badge badge-ok", failing: "badge badge-err", paused: "badge badge-warn", waiting: "badge" };

function audienceText(source: Source, everyone: string): string {
  const parts = DIMENSIONS.flatMap((d) => source.audience[d] ?? []);
  return parts.length ? parts.join(", ") : everyone;
}

function SourceCard({ source, onEdit }: { source: Source; onEdit: () => void }) {
  const { t } = useTranslation("sources");
  const id = useId();
  const edit = useEditSource();
  const remove = useDeleteSource();
  const [confirming, setConfirming] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirm.current?.focus();
  }, [confirming]);
  const name = source.name || source.feed_title || source.url;
  return (
    <li className="card source" data-testid="source">
      <h3 id={`${id}-h`}>{name}</h3>
      <p className="linkline">{source.url}</p>
      <p>
        <span className={BADGE[source.status] ?? "badge"} data-testid="source-status">
          {t(`statuses.${source.status}`)}
        </span>
        <span className="badge">{t(`types.${source.content_type}`, { defaultValue: source.content_type })}</span>
        <span className="badge">{t(`languages.${source.language}`)}</span>
      </p>
      <dl className="facts">
        <dt>{t("audience")}</dt>
        <dd>{audienceText(source, t("everyone"))}</dd>
        <dt>{t("lastPolled")}</dt>
        <dd data-testid="last-polled">{source.last_polled_at ? formatDateTime(source.last_polled_at) : t("never")}</dd>
        <dt>{t("drafts")}</dt>
        <dd data-testid="entries-created">{formatNumber(source.entries_created ?? 0)}</dd>
        {source.active && source.next_poll_at && (
          <>
            <dt>{t("nextPoll")}</dt>
            <dd>{formatDateTime(source.next_poll_at)}</dd>
          </>
        )}
      </dl>
      {source.last_error && (
        <div className="notice notice-error" data-testid="last-error">
          <p>
            <strong>{t("lastError", { at: formatDateTime(source.last_error.at) })}</strong> {source.last_error.message}
          </p>
          {source.failures > 1 && <p>{t("failures", { count: source.failures })}</p>}
        </div>
      )}
      <div className="button-row">
        <button type="button" className="button" onClick={onEdit} aria-describedby={`${id}-h`}>
          {t("edit")}
        </button>
        <button
          type="button"
          className="button"
          disabled={edit.isPending}
          aria-describedby={`${id}-h`}
          onClick={() => edit.mutate({ id: source.source_id, body: { active: !source.active } })}
        >
          {source.active ? t("pause") : t("resume")}
        </button>
        {!confirming ? (
          <button type="button" className="button danger" aria-describedby={`${id}-h`} onClick={() => setConfirming(true)}>
            {t("delete")}
          </button>
        ) : (
          <span role="group" aria-label={t("confirmDelete", { name })} className="inline">
            <span>{t("confirmDelete", { name })}</span>
            <button
              ref={confirm}
              type="button"
              className="button danger"
              disabled={remove.isPending}
              onClick={() => remove.mutate(source.source_id)}
            >
              {t("deleteConfirm")}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t("keep")}
            </button>
          </span>
        )}
      </div>
      {edit.isSuccess && edit.variables.body.active !== undefined && (
        <Notice tone="success" live>
          {edit.variables.body.active ? t("resumed") : t("paused")}
        </Notice>
      )}
      {edit.isError && <ErrorNotice error={edit.error} />}
      {remove.isError && <ErrorNotice error={remove.error} />}
    </li>
  );
}

export function Sources() {
  const { t } = useTranslation("sources");
  const sources = useSources();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleted, setDeleted] = useState(false);
  const editForm = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (editing) editForm.current?.querySelector<HTMLElement>("h2")?.focus();
  }, [editing]);
  const list = sources.data ?? [];
  const current = list.find((s) => s.source_id === editing);
  useEffect(() => {
    // A source that disappeared (deleted here or by a colleague) cannot stay in the edit form.
    if (editing && sources.isSuccess && !current) setEditing(null);
  }, [editing, sources.isSuccess, current]);
  const before = useRef(list.length);
  useEffect(() => {
    if (list.length < before.current) setDeleted(true);
    before.current = list.length;
  }, [list.length]);

  return (
    <Page
      title={t("title")}
      actions={
        <Link className="button" to="/library?origin=source">
          {t("fromSources")}
        </Link>
      }
    >
      <p>{t("intro")}</p>
      {deleted && <Notice tone="success" live>{t("deleted")}</Notice>}
      <section aria-labelledby="sources-list">
        <h2 id="sources-list">{t("listTitle")}</h2>
        {sources.isPending ? (
          <Loading />
        ) : sources.isError ? (
          <ErrorNotice error={sources.error} onRetry={() => void sources.refetch()} />
        ) : list.length === 0 ? (
          <p>{t("empty")}</p>
        ) : (
          <ul className="cards sources">
            {list.map((source) => (
              <SourceCard key={source.source_id} source={source} onEdit={() => setEditing(source.source_id)} />
            ))}
          </ul>
        )}
      </section>
      {current ? (
        <div ref={editForm}>
          <SourceForm key={current.source_id} source={current} onDone={() => setEditing(null)} />
        </div>
      ) : (
        <SourceForm />
      )}
    </Page>
  );
}
