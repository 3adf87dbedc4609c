import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Page } from "@/components/Page";
import { ErrorNotice, Loading } from "@/components/Status";
import { useDebounced } from "@/hooks/useDebounced";
import { formatDate, formatMoney, formatNumber } from "@/lib/i18n/format";
import { useForecast, type Inputs } from "@/features/forecast/api/forecast";
import "@/features/forecast/locales";

const FIELDS = [
  ["participants", "participants", 1],
  ["posts_per_participant", "posts", 0.1],
  ["clicks_per_share", "clicks", 0.1],
  ["cpc", "cpc", 0.01],
] as const;
export const WORKED_EXAMPLE: Required<Inputs> = { participants: 1000, posts_per_participant: 5, clicks_per_share: 6, cpc: 3 };

export function ForecastCalculator() {
  const { t } = useTranslation("forecast");
  const id = useId();
  const [typed, setTyped] = useState<Record<string, string>>({});
  const own = useForecast({});
  // Only what differs from the org's own figure is an override, so an untouched field keeps naming
  // where its figure comes from (history, the benchmark, the enrolled count) rather than "your input".
  const overrides = useDebounced(
    Object.fromEntries(
      Object.entries(typed)
        .filter(([, v]) => v !== "" && Number.isFinite(Number(v)))
        .filter(([k, v]) => Number(v) !== own.data?.inputs[k as keyof Inputs]?.value)
        .map(([k, v]) => [k, Number(v)]),
    ) as Inputs,
    250,
  );
  const forecast = useForecast(overrides);
  // The form starts from the org's own figures (or the benchmarks where it has too little history).
  useEffect(() => {
    if (own.data && Object.keys(typed).length === 0)
      setTyped(Object.fromEntries(FIELDS.map(([key]) => [key, String(own.data.inputs[key].value)])));
  }, [own.data]);

  if (forecast.isPending) return <Loading />;
  if (forecast.isError && !forecast.data) return <ErrorNotice error={forecast.error} />;
  const f = forecast.data!;
  const sourceOf = (key: keyof Inputs) => f.inputs[key].source;
  const periodKey = sourceOf("posts_per_participant") === "history" ? "history" : "benchmark";
  return (
    <Page title={t("title")}>
      <p>{t("intro")}</p>
      <form className="forecast" onSubmit={(e) => e.preventDefault()}>
        {FIELDS.map(([key, label, step]) => (
          <div className="field" key={key}>
            <label htmlFor={`${id}-${key}`}>{t(label)}</label>
            <input
              id={`${id}-${key}`}
              type="number"
              min={0}
              step={step}
              inputMode="decimal"
              value={typed[key] ?? ""}
              onChange={(e) => setTyped((v) => ({ ...v, [key]: e.target.value }))}
              aria-describedby={`${id}-${key}-source`}
            />
            <span className="muted" id={`${id}-${key}-source`}>
              {t("from", { source: t(`source.${sourceOf(key)}`) })}
            </span>
          </div>
        ))}
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={() => setTyped(Object.fromEntries(Object.entries(WORKED_EXAMPLE).map(([k, v]) => [k, String(v)])))}
          >
            {t("example")}
          </button>
          {own.data && (
            <button
              type="button"
              className="button"
              onClick={() => setTyped(Object.fromEntries(FIELDS.map(([key]) => [key, String(own.data.inputs[key].value)])))}
            >
              {t("own")}
            </button>
          )}
        </div>
      </form>
      <output className="kpi" aria-live="polite" data-testid="forecast-value">
        <span className="kpi-value">{t("result", { value: formatMoney(f.value) })}</span>
        <span>
          {t("sum", {
            participants: formatNumber(f.inputs.participants.value),
            posts: formatNumber(f.inputs.posts_per_participant.value, 2),
            clicks: formatNumber(f.inputs.clicks_per_share.value, 2),
            cpc: formatMoney(f.inputs.cpc.value),
            value: formatMoney(f.value),
          })}
        </span>
      </output>
      <p>{t("period", { period: t(`periods.${periodKey}`, { from: formatDate(f.history.from), to: formatDate(f.history.to) }) })}</p>
      {!f.history.enough && <p className="muted">{t("history")}</p>}
    </Page>
  );
}
