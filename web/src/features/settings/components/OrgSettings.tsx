import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { ApiError } from "@/lib/api/errors";
import { formatNumber } from "@/lib/i18n/format";
import { useSaveSetting, useSettings, valueAt, type Settings } from "@/features/settings/api/settings";
import "@/features/settings/locales";
import {
  KeyedTable,
  NumberRecord,
  numberOrText,
  tablePatch,
  tableProblems,
  tableRows,
  isTimeZone,
  type Problems,
  type Row,
  type TableSpec,
} from "@/features/settings/components/KeyedTable";

type Kind =
  | "integer"
  | "decimal"
  | "optionalInteger"
  | "text"
  | "optionalText"
  | "lines"
  | "paragraph"
  | "mapping"
  | "boolean"
  | "weekdays"
  | { options: string[]; labels?: string }
  | { multi: string[]; labels: string }
  | { table: TableSpec }
  | { record: string[]; labels: Record<string, string> };

interface FieldSpec {
  path: string[];
  label: string;
  kind: Kind;
  help?: string;
}

type Input = string | boolean | (number | string)[] | Row[] | Record<string, string>;

function toInput(kind: Kind, value: unknown): Input {
  if (typeof kind === "object" && "table" in kind) return tableRows(kind.table, value, decimalSign());
  if (typeof kind === "object" && "record" in kind) {
    const stored = (value ?? {}) as Record<string, unknown>;
    return Object.fromEntries(kind.record.map((key) => [key, stored[key] === null || stored[key] === undefined ? "" : String(stored[key])]));
  }
  if (kind === "boolean") return Boolean(value);
  if (kind === "weekdays") return Array.isArray(value) ? (value as number[]) : [];
  if (typeof kind === "object" && "multi" in kind) return Array.isArray(value) ? (value as string[]) : [];
  if (kind === "lines") return Array.isArray(value) ? (value as string[]).join("\n") : "";
  if (kind === "mapping")
    return value && typeof value === "object"
      ? Object.entries(value as Record<string, string>)
          .map(([from, to]) => `${from} = ${to}`)
          .join("\n")
      : "";
  if (value === null || value === undefined) return "";
  // A decimal reads with the reader's decimal sign (0,4 in Dutch); fromInput takes either sign back.
  return kind === "decimal" ? String(value).replace(".", decimalSign()) : String(value);
}

function decimalSign(): string {
  return formatNumber(1.5, 1).replace(/\d/g, "");
}

/** "HR name = Estafette name" per line; a line that went away is sent as null (a merge patch removes it). */
function mappingPatch(text: string, stored: unknown): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const key of Object.keys((stored as Record<string, string>) ?? {})) patch[key] = null;
  for (const line of text.split("\n")) {
    const at = line.indexOf("=");
    if (at < 0) continue;
    const from = line.slice(0, at).trim();
    const to = line.slice(at + 1).trim();
    if (from && to) patch[from] = to;
  }
  return patch;
}

function fromInput(kind: Kind, input: Input, stored?: unknown): unknown {
  if (typeof kind === "object" && "table" in kind) return tablePatch(kind.table, input as Row[], stored);
  if (typeof kind === "object" && "record" in kind) {
    const values = input as Record<string, string>;
    return Object.fromEntries(kind.record.map((key) => [key, numberOrText(values[key] ?? "")]));
  }
  if (kind === "boolean" || kind === "weekdays" || typeof kind === "object" && "multi" in kind) return input;
  const text = String(input);
  if (kind === "lines") return text.split("\n").map((l) => l.trim()).filter(Boolean);
  if (kind === "mapping") return mappingPatch(text, stored);
  if (kind === "optionalText") return text.trim() === "" ? null : text.trim();
  // A number the API reads as one; anything else is sent as typed, so the API's message names the problem.
  if (kind === "optionalInteger" || kind === "integer" || kind === "decimal") return numberOrText(text);
  if (kind === "paragraph") return text.trim();
  return text;
}

/** One setting, saved on its own; the API's validation message shows next to it. */
function SettingField({ spec, settings }: { spec: FieldSpec; settings: Settings }) {
  const { t } = useTranslation("settings");
  const id = useId();
  const save = useSaveSetting();
  const stored = valueAt(settings, spec.path);
  const [input, setInput] = useState(() => toInput(spec.kind, stored));
  const [problems, setProblems] = useState<Problems>({});
  // Only a stored value that changed resets the form (the other admin's value after a 412, the saved value):
  // table rows keep their identity, and their focus, until then.
  const storedJson = JSON.stringify(stored);
  const shown = useRef(storedJson);
  useEffect(() => {
    if (shown.current === storedJson) return;
    shown.current = storedJson;
    setInput(toInput(spec.kind, stored));
    setProblems({});
  }, [storedJson]);
  const name = spec.path.join(".");
  const error = save.error instanceof ApiError ? save.error : null;
  const field = error?.body.field;
  // The API names the value it refused (guard.max_shares_per_day), the section whose rule it broke (reporting),
  // or the whole document (body).
  const mine = error && (!field || field === "body" || field === name || field.startsWith(`${name}.`) || name.startsWith(`${field}.`) || error.status === 412);
  const described = [spec.help ? `${id}-help` : "", mine ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  const grouped = typeof spec.kind === "object" && ("table" in spec.kind || "record" in spec.kind);
  const help = spec.help && (
    <p className="muted" id={`${id}-help`}>
      {spec.help}
    </p>
  );
  let control: ReactNode;
  if (typeof spec.kind === "object" && "table" in spec.kind) {
    control = (
      <KeyedTable
        id={id}
        label={spec.label}
        spec={spec.kind.table}
        rows={input as Row[]}
        problems={problems}
        describedBy={described}
        help={help}
        onChange={(rows) => {
          setInput(rows);
          if (Object.keys(problems).length) setProblems(tableProblems((spec.kind as { table: TableSpec }).table, rows));
        }}
      />
    );
  } else if (typeof spec.kind === "object" && "record" in spec.kind) {
    const refused = mine && field?.startsWith(`${name}.`) ? field.slice(name.length + 1).split(".")[0] : null;
    control = (
      <NumberRecord
        id={id}
        label={spec.label}
        keys={spec.kind.record}
        labels={spec.kind.labels}
        values={input as Record<string, string>}
        describedBy={described}
        help={help}
        invalid={(key) => key === refused}
        onChange={setInput}
      />
    );
  } else if (spec.kind === "boolean") {
    control = (
      <label className="check">
        <input id={id} type="checkbox" checked={input as boolean} onChange={(e) => setInput(e.target.checked)} aria-describedby={described} />
        {t("on")}
      </label>
    );
  } else if (spec.kind === "weekdays") {
    const days = input as number[];
    control = (
      <div className="weekdays" role="group" aria-labelledby={`${id}-label`}>
        {[0, 1, 2, 3, 4, 5, 6].map((index) => t(`weekdays.${index}`)).map((day, index) => (
          <label key={day} className="check">
            <input
              type="checkbox"
              checked={days.includes(index)}
              onChange={(e) => setInput(e.target.checked ? [...days, index].sort() : days.filter((d) => d !== index))}
            />
            {day}
          </label>
        ))}
      </div>
    );
  } else if (typeof spec.kind === "object" && "multi" in spec.kind) {
    const chosen = input as string[];
    const labels = spec.kind.labels;
    control = (
      <div className="weekdays" role="group" aria-labelledby={`${id}-label`} aria-describedby={described}>
        {spec.kind.multi.map((option) => (
          <label key={option} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(option)}
              onChange={(e) => setInput(e.target.checked ? [...chosen, option] : chosen.filter((c) => c !== option))}
            />
            {t(`${labels}.${option}`)}
          </label>
        ))}
      </div>
    );
  } else if (typeof spec.kind === "object") {
    const labels = spec.kind.labels ?? "actions";
    control = (
      <select id={id} value={input as string} onChange={(e) => setInput(e.target.value)} aria-describedby={described}>
        {spec.kind.options.map((o) => (
          <option key={o} value={o}>
            {t(`${labels}.${o}`)}
          </option>
        ))}
      </select>
    );
  } else if (spec.kind === "lines" || spec.kind === "mapping" || spec.kind === "paragraph") {
    control = <textarea id={id} rows={4} value={input as string} onChange={(e) => setInput(e.target.value)} aria-describedby={described} />;
  } else {
    const numeric = spec.kind !== "text";
    control = (
      <input
        id={id}
        type="text"
        inputMode={numeric ? (spec.kind === "decimal" ? "decimal" : "numeric") : undefined}
        value={input as string}
        onChange={(e) => setInput(e.target.value)}
        aria-describedby={described}
        aria-invalid={mine ? true : undefined}
      />
    );
  }
  return (
    <form
      className="field setting"
      data-setting={name}
      onSubmit={(e) => {
        e.preventDefault();
        if (typeof spec.kind === "object" && "table" in spec.kind) {
          const found = tableProblems(spec.kind.table, input as Row[]);
          setProblems(found);
          const first = Object.keys(found)[0];
          if (first) {
            const [row, column] = first.split(":");
            document.getElementById(`${id}-${row}-${column}`)?.focus();
            return;
          }
        }
        save.mutate({ path: spec.path, value: fromInput(spec.kind, input, stored) });
      }}
    >
      {grouped ? null : spec.kind === "weekdays" || (typeof spec.kind === "object" && "multi" in spec.kind) ? (
        <span className="label" id={`${id}-label`}>
          {spec.label}
        </span>
      ) : (
        <label htmlFor={id} id={`${id}-label`}>
          {spec.label}
        </label>
      )}
      {grouped ? control : help}
      <div className="inline">
        {grouped ? null : control}
        <button type="submit" className="button" disabled={save.isPending}>
          {t("save")}
        </button>
      </div>
      {mine && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error.message}
        </p>
      )}
      {save.isSuccess && <Notice tone="success" live>{t("saved")}</Notice>}
    </form>
  );
}

function Section({ title, fields, settings }: { title: string; fields: FieldSpec[]; settings: Settings }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="settings-section">
      <h2 id={id}>{title}</h2>
      {fields.map((spec) => (
        <SettingField key={spec.path.join(".")} spec={spec} settings={settings} />
      ))}
    </section>
  );
}

export function OrgSettings() {
  const { t } = useTranslation("settings");
  const settings = useSettings();
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />;
  const doc = settings.data.settings;
  const f = (path: string, label: string, kind: Kind, help?: string): FieldSpec => ({ path: path.split("."), label, kind, help });
  const types = { multi: ["news", "vacancy", "industry", "expertise", "event"], labels: "types" };
  const networks = { multi: ["linkedin", "x", "bluesky", "facebook", "whatsapp", "xing"], labels: "networks" };
  const network = (n: string) => t(`common:networks.${n}`);
  const actions = { options: ["block", "warn", "off"] };
  const allNetworks = networks.multi;
  const languageLabels = { en: t("languages.en"), nl: t("languages.nl") };
  const hrLocations: TableSpec = {
    key: { label: t("locations.key") },
    columns: [
      { name: "name", label: t("locations.name"), kind: "text" },
      { name: "language", label: t("locations.language"), kind: { options: ["en", "nl"], labels: languageLabels, none: t("locations.no_language") } },
      {
        name: "timezone",
        label: t("locations.timezone"),
        kind: "text",
        check: (value) => (value.trim() === "" || isTimeZone(value.trim()) ? null : t("locations.bad_timezone", { value: value.trim() })),
      },
    ],
    add: t("locations.add"),
    row: (key, n) => (key ? t("locations.row", { key }) : t("locations.new_row", { n })),
    remove: (key, n) => (key ? t("locations.remove", { key }) : t("locations.remove_new", { n })),
    empty: t("locations.empty"),
    missingKey: t("locations.missing_key"),
    duplicateKey: (key) => t("locations.duplicate_key", { key }),
  };
  const apiNetworks = ["linkedin", "x", "bluesky"];
  const apiPrices: TableSpec = {
    key: { label: t("prices.network"), options: apiNetworks, labels: Object.fromEntries(apiNetworks.map((n) => [n, network(n)])) },
    columns: [
      { name: "currency", label: t("prices.currency"), kind: { options: ["USD", "EUR"], labels: { USD: t("prices.usd"), EUR: t("prices.eur") } } },
      { name: "per_post", label: t("prices.per_post"), kind: "decimal" },
      { name: "per_read", label: t("prices.per_read"), kind: "decimal" },
    ],
    add: t("prices.add"),
    row: (key) => t("prices.row", { network: key }),
    remove: (key) => t("prices.remove", { network: key }),
    empty: t("prices.empty"),
    missingKey: t("prices.missing_key"),
    duplicateKey: (key) => t("prices.duplicate_key", { network: network(key) }),
  };
  const rules = ["share", "click", "unique_click", "opportunity", "reaction", "comment", "reshare"];
  const points = { record: rules, labels: Object.fromEntries(rules.map((r) => [r, t(`rules.${r}`)])) };
  const sections: [string, FieldSpec[]][] = [
    [
      t("sections.organisation"),
      [
        f("company_name", t("fields.company_name"), "text"),
        f("content.allow_self_approval", t("fields.allow_self_approval"), "boolean"),
        f("content.vacancy_auto_publish", t("fields.vacancy_auto_publish"), "boolean"),
        f("content.languages", t("fields.content_languages"), { multi: ["en", "nl"], labels: "languages" }),
        f("content.departments", t("fields.content_departments"), "lines", t("help.directory_lists")),
        f("content.roles", t("fields.content_roles"), "lines", t("help.directory_lists")),
        f("content.locations", t("fields.content_locations"), "lines", t("help.directory_lists")),
      ],
    ],
    [
      t("sections.guard"),
      [
        f("guard.max_shares_per_day", t("fields.max_shares_per_day"), "integer"),
        f("guard.max_shares_per_week", t("fields.max_shares_per_week"), "integer"),
        ...allNetworks.map((n) => f(`guard.network_caps.${n}.per_day`, t("fields.network_day", { network: network(n) }), "optionalInteger")),
        ...allNetworks.map((n) => f(`guard.network_caps.${n}.per_week`, t("fields.network_week", { network: network(n) }), "optionalInteger")),
        f("guard.suggested_copy_action", t("fields.suggested_copy_action"), actions, t("help.suggested_copy_action")),
        f("guard.auto_shares_enabled", t("fields.auto_shares_enabled"), "boolean", t("help.auto_shares_enabled")),
        f("guard.connection_warning_days", t("fields.connection_warning_days"), "integer"),
      ],
    ],
    [t("sections.blocked"), [f("guard.blocked_words", t("fields.blocked_words"), "lines", t("help.blocked_words"))]],
    [
      t("sections.hours"),
      [
        f("guard.sharing_hours.start_hour", t("fields.start_hour"), "integer"),
        f("guard.sharing_hours.end_hour", t("fields.end_hour"), "integer"),
        f("guard.sharing_hours.weekdays", t("fields.weekdays"), "weekdays"),
        f("guard.outside_sharing_hours", t("fields.outside_sharing_hours"), { options: ["off", "schedule", "block"] }),
      ],
    ],
    [
      t("sections.mix"),
      [
        f("guard.content_mix_minimum", t("fields.content_mix_minimum"), "decimal"),
        f("guard.content_mix_window", t("fields.content_mix_window"), "integer"),
        f("guard.content_mix_types", t("fields.content_mix_types"), types),
        f("guard.content_mix_action", t("fields.content_mix_action"), actions),
      ],
    ],
    [
      t("sections.duplicates"),
      [
        f("guard.near_duplicate_threshold", t("fields.near_duplicate_threshold"), "decimal"),
        f("guard.near_duplicate_colleagues", t("fields.near_duplicate_colleagues"), "integer"),
        f("guard.near_duplicate_window_days", t("fields.near_duplicate_window_days"), "integer"),
        f("guard.near_duplicate_action", t("fields.near_duplicate_action"), actions),
      ],
    ],
    [
      t("sections.disclosure"),
      [
        f("guard.disclosure_required", t("fields.disclosure_required"), "boolean"),
        f("guard.disclosure_text.en", t("fields.disclosure_en"), "text"),
        f("guard.disclosure_text.nl", t("fields.disclosure_nl"), "text"),
        f("guard.disclosure_networks", t("fields.disclosure_networks"), networks, t("help.disclosure_networks")),
      ],
    ],
    [
      t("sections.reporting"),
      [
        ...allNetworks.map((n) => f(`reporting.cpc_eur.${n}`, t("fields.cpc", { network: network(n) }), "decimal")),
        f("reporting.visibility_low", t("fields.visibility_low"), "decimal"),
        f("reporting.visibility_high", t("fields.visibility_high"), "decimal"),
        f("reporting.company_page_low", t("fields.company_page_low"), "decimal"),
        f("reporting.company_page_high", t("fields.company_page_high"), "decimal"),
        f("reporting.eur_per_usd", t("fields.eur_per_usd"), "decimal"),
        f("reporting.api_prices", t("fields.api_prices"), { table: apiPrices }, t("help.api_prices")),
      ],
    ],
    [
      t("sections.leaderboard"),
      [
        f("reporting.leaderboard_enabled", t("fields.leaderboard_enabled"), "boolean", t("help.leaderboard_enabled")),
        f("reporting.leaderboard_size", t("fields.leaderboard_size"), "integer"),
        f("reporting.points", t("fields.points"), points, t("help.points")),
      ],
    ],
    [
      t("sections.guidelines"),
      ["en", "nl"].flatMap((lang) => [
        f(`content.guidelines.${lang}.welcome`, t("fields.welcome", { language: t(`languages.${lang}`) }), "lines"),
        f(`content.guidelines.${lang}.avoid`, t("fields.avoid", { language: t(`languages.${lang}`) }), "lines"),
        f(`content.guidelines.${lang}.text`, t("fields.guidelines_text", { language: t(`languages.${lang}`) }), "paragraph"),
      ]),
    ],
  ];
  sections.push(
    [
      t("sections.channels"),
      [
        f("notifications.slack_webhook_url", t("fields.slack_webhook_url"), "optionalText", t("help.slack_webhook_url")),
        f("notifications.teams_webhook_url", t("fields.teams_webhook_url"), "optionalText", t("help.teams_webhook_url")),
        f("notifications.channel_language", t("fields.channel_language"), { options: ["en", "nl"], labels: "languages" }),
      ],
    ],
    [
      t("sections.hr"),
      [
        f("hr.identity_claim", t("fields.identity_claim"), { options: ["sub", "email"], labels: "claims" }, t("help.identity_claim")),
        f("hr.inactive_statuses", t("fields.inactive_statuses"), "lines", t("help.inactive_statuses")),
        f("hr.departments", t("fields.hr_departments"), "mapping", t("help.hr_departments")),
        f("hr.locations", t("fields.hr_locations"), { table: hrLocations }, t("help.hr_locations")),
        f("hr.greenhouse_job_url", t("fields.greenhouse_job_url"), "optionalText", t("help.greenhouse_job_url")),
        f("hr.teamtailor_job_url", t("fields.teamtailor_job_url"), "optionalText", t("help.teamtailor_job_url")),
        f("hr.bamboohr_subdomain", t("fields.bamboohr_subdomain"), "optionalText", t("help.bamboohr_subdomain")),
      ],
    ],
  );
  return (
    <Page title={t("title")}>
      <p>{t("intro")}</p>
      {sections.map(([title, fields]) => (
        <Section key={title} title={title} fields={fields} settings={doc} />
      ))}
    </Page>
  );
}
