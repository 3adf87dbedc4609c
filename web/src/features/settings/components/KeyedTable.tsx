// Controls for settings that hold several values at once: a keyed table of small records (HR locations,
// API prices per network) and a record of numbers with fixed keys (points per action). Each is one form
// of the settings screen and saves as one JSON merge patch: a row that went away is sent as null.
import { useEffect, useRef, useState, type ReactNode } from "react";

export interface Column {
  name: string;
  label: string;
  /** text: empty is null; decimal: read with either decimal sign; options: a select, `none` is the empty choice. */
  kind: "text" | "decimal" | { options: string[]; labels: Record<string, string>; none?: string };
  /** Refuses a value in the browser the way the API would, with the message to show; null when it is fine. */
  check?: (value: string) => string | null;
}

export interface TableSpec {
  key: { label: string; options?: string[]; labels?: Record<string, string> };
  columns: Column[];
  add: string;
  /** The legend of row n (1-based), by its key; the key is "" while the row is new. */
  row: (key: string, n: number) => string;
  /** The remove button's name for row n, so each says which row it removes. */
  remove: (key: string, n: number) => string;
  empty: string;
  missingKey: string;
  duplicateKey: (key: string) => string;
}

export interface Row {
  id: number;
  key: string;
  values: Record<string, string>;
}

/** What the browser refuses before sending: cell id ("<row id>:<column>" or "<row id>:key") → message. */
export type Problems = Record<string, string>;

let nextRow = 1;

function decimalText(value: unknown, sign: string): string {
  return value === null || value === undefined ? "" : String(value).replace(".", sign);
}

/** A number the API reads as one; anything else goes as typed, so the API's own message names the problem. */
export function numberOrText(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  const n = Number(trimmed.replace(",", "."));
  return Number.isFinite(n) ? n : trimmed;
}

export function tableRows(spec: TableSpec, stored: unknown, sign: string): Row[] {
  const entries = stored && typeof stored === "object" ? Object.entries(stored as Record<string, Record<string, unknown>>) : [];
  return entries.map(([key, record]) => ({
    id: nextRow++,
    key,
    values: Object.fromEntries(
      spec.columns.map((c) => {
        const value = record?.[c.name];
        return [c.name, c.kind === "decimal" ? decimalText(value, sign) : value === null || value === undefined ? "" : String(value)];
      }),
    ),
  }));
}

export function newRow(spec: TableSpec, rows: Row[]): Row {
  const used = new Set(rows.map((r) => r.key));
  const key = spec.key.options?.find((o) => !used.has(o)) ?? "";
  const values = Object.fromEntries(
    spec.columns.map((c) => [c.name, typeof c.kind === "object" && c.kind.none === undefined ? c.kind.options[0] : ""]),
  );
  return { id: nextRow++, key, values };
}

export function tableProblems(spec: TableSpec, rows: Row[]): Problems {
  const problems: Problems = {};
  const seen = new Set<string>();
  for (const row of rows) {
    const key = row.key.trim();
    if (!key) problems[`${row.id}:key`] = spec.missingKey;
    else if (seen.has(key)) problems[`${row.id}:key`] = spec.duplicateKey(key);
    seen.add(key);
    for (const column of spec.columns) {
      const problem = column.check?.(row.values[column.name] ?? "");
      if (problem) problems[`${row.id}:${column.name}`] = problem;
    }
  }
  return problems;
}

function cellValue(column: Column, text: string): unknown {
  // A decimal goes as text with a decimal point, so the API keeps it as written (0.200, not 0.2).
  if (column.kind === "decimal") {
    const value = numberOrText(text);
    return typeof value === "number" ? text.trim().replace(",", ".") : value;
  }
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}

/** Every stored key the table no longer has is null (the merge patch removes it); every row is sent whole. */
export function tablePatch(spec: TableSpec, rows: Row[], stored: unknown): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys((stored as Record<string, unknown>) ?? {})) patch[key] = null;
  for (const row of rows) {
    patch[row.key.trim()] = Object.fromEntries(spec.columns.map((c) => [c.name, cellValue(c, row.values[c.name] ?? "")]));
  }
  return patch;
}

function Cell({
  id,
  label,
  value,
  kind,
  problem,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  kind: Column["kind"] | "key" | { options: string[]; labels: Record<string, string> };
  problem?: string;
  onChange: (value: string) => void;
}) {
  const described = problem ? `${id}-problem` : undefined;
  const common = { id, value, "aria-invalid": problem ? true : undefined, "aria-describedby": described } as const;
  return (
    <div className="field cell">
      <label htmlFor={id}>{label}</label>
      {typeof kind === "object" ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          {"none" in kind && kind.none !== undefined && <option value="">{kind.none}</option>}
          {kind.options.map((o) => (
            <option key={o} value={o}>
              {kind.labels[o] ?? o}
            </option>
          ))}
        </select>
      ) : (
        <input {...common} type="text" inputMode={kind === "decimal" ? "decimal" : undefined} onChange={(e) => onChange(e.target.value)} />
      )}
      {problem && (
        <p className="field-error" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </div>
  );
}

/** The rows of a keyed table, each a fieldset named by its key, with a remove button that names it too. */
export function KeyedTable({
  id,
  label,
  spec,
  rows,
  problems,
  describedBy,
  help,
  onChange,
}: {
  id: string;
  label: string;
  help?: ReactNode;
  spec: TableSpec;
  rows: Row[];
  problems: Problems;
  describedBy?: string;
  onChange: (rows: Row[]) => void;
}) {
  const addButton = useRef<HTMLButtonElement>(null);
  const [focus, setFocus] = useState<number | "add" | null>(null);
  useEffect(() => {
    if (focus === "add") addButton.current?.focus();
    else if (focus !== null) document.getElementById(`${id}-${focus}-key`)?.focus();
    if (focus !== null) setFocus(null);
  }, [focus, id]);
  const update = (row: Row, change: Partial<Row>) => onChange(rows.map((r) => (r.id === row.id ? { ...r, ...change } : r)));
  const keyKind = spec.key.options ? { options: spec.key.options, labels: spec.key.labels ?? {} } : "key";
  return (
    <fieldset className="keyed-table" aria-describedby={describedBy}>
      <legend>{label}</legend>
      {help}
      {rows.length === 0 && <p className="muted">{spec.empty}</p>}
      {rows.map((row, index) => (
        <fieldset key={row.id} className="table-row" data-row={row.key}>
          <legend>{spec.row(spec.key.labels?.[row.key.trim()] ?? row.key.trim(), index + 1)}</legend>
          <div className="cells">
            <Cell
              id={`${id}-${row.id}-key`}
              label={spec.key.label}
              value={row.key}
              kind={keyKind}
              problem={problems[`${row.id}:key`]}
              onChange={(key) => update(row, { key })}
            />
            {spec.columns.map((column) => (
              <Cell
                key={column.name}
                id={`${id}-${row.id}-${column.name}`}
                label={column.label}
                value={row.values[column.name] ?? ""}
                kind={column.kind}
                problem={problems[`${row.id}:${column.name}`]}
                onChange={(value) => update(row, { values: { ...row.values, [column.name]: value } })}
              />
            ))}
          </div>
          <button
            type="button"
            className="button small danger"
            onClick={() => {
              onChange(rows.filter((r) => r.id !== row.id));
              setFocus("add");
            }}
          >
            {spec.remove(spec.key.labels?.[row.key.trim()] ?? row.key.trim(), index + 1)}
          </button>
        </fieldset>
      ))}
      {spec.key.options && rows.length >= spec.key.options.length ? null : (
      <button
        ref={addButton}
        type="button"
        className="button"
        onClick={() => {
          const row = newRow(spec, rows);
          onChange([...rows, row]);
          setFocus(row.id);
        }}
      >
        {spec.add}
      </button>
      )}
    </fieldset>
  );
}

/** A number per fixed key (points per action), in one fieldset; an empty box is sent as null. */
export function NumberRecord({
  id,
  label,
  keys,
  labels,
  values,
  describedBy,
  help,
  invalid,
  onChange,
}: {
  id: string;
  label: string;
  help?: ReactNode;
  keys: string[];
  labels: Record<string, string>;
  values: Record<string, string>;
  describedBy?: string;
  invalid?: (key: string) => boolean;
  onChange: (values: Record<string, string>) => void;
}) {
  return (
    <fieldset className="keyed-table" aria-describedby={describedBy}>
      <legend>{label}</legend>
      {help}
      <div className="cells">
        {keys.map((key) => (
          <div className="field cell" key={key}>
            <label htmlFor={`${id}-${key}`}>{labels[key] ?? key}</label>
            <input
              id={`${id}-${key}`}
              type="text"
              inputMode="numeric"
              value={values[key] ?? ""}
              aria-invalid={invalid?.(key) ? true : undefined}
              onChange={(e) => onChange({ ...values, [key]: e.target.value })}
            />
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** An IANA time zone name as the browser's own time zone database knows it (Europe/Amsterdam, UTC). */
export function isTimeZone(name: string): boolean {
  if (name.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
