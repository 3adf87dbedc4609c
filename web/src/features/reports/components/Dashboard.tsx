import { useId, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Page } from "@/components/Page";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { formatDate, formatMoney, formatNumber } from "@/lib/i18n/format";
import {
  useBreakdowns,
  useExport,
  useLeaderboard,
  useSeries,
  useSummary,
  type Day,
  type Period,
} from "@/features/reports/api/reports";
import "@/features/reports/locales";

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function lastDays(days: number, today = new Date()): Period {
  const from = new Date(today);
  from.setUTCDate(from.getUTCDate() - (days - 1));
  return { from: iso(from), to: iso(today) };
}

function Tile({ label, value, detail, formula, testId }: { label: string; value: string; detail?: ReactNode; formula: string; testId: string }) {
  const { t } = useTranslation("reports");
  return (
    <li className="kpi" data-testid={testId}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
      {detail && <span className="muted">{detail}</span>}
      <details>
        <summary>{t("formula")}</summary>
        <p>{t(`formulas.${formula}`)}</p>
      </details>
    </li>
  );
}

function Tiles({ period }: { period: Period }) {
  const { t } = useTranslation("reports");
  const summary = useSummary(period);
  if (summary.isPending) return <Loading />;
  if (summary.isError) return <ErrorNotice error={summary.error} onRetry={() => void summary.refetch()} />;
  const s = summary.data;
  const inputs = s.participation_rate.inputs as { active_advocates: number; enrolled: number };
  const money = (v?: number) => formatMoney(v ?? 0);
  return (
    <ul className="kpis" aria-label={t("tiles")}>
      <Tile
        testId="tile-participation"
        label={t("participation")}
        value={`${formatNumber((s.participation_rate.value ?? 0) * 100, 1)}%`}
        detail={t("participationDetail", { active: inputs.active_advocates, enrolled: inputs.enrolled })}
        formula="participation"
      />
      <Tile testId="tile-shares" label={t("shares")} value={formatNumber(s.shares.value ?? 0)} formula="shares" />
      <Tile testId="tile-clicks" label={t("clicks")} value={formatNumber(s.clicks.value ?? 0)} formula="clicks" />
      <Tile
        testId="tile-cps"
        label={t("clicksPerShare")}
        value={formatNumber(s.clicks_per_share.value ?? 0, 2)}
        detail={t("versusBenchmark", { benchmark: s.clicks_per_share.benchmark ?? 6 })}
        formula="clicksPerShare"
      />
      <Tile testId="tile-engagement" label={t("engagement")} value={formatNumber(s.engagement.value ?? 0)} formula="engagement" />
      <Tile
        testId="tile-value"
        label={t("mediaValue")}
        value={money(s.media_value.value)}
        detail={t("range", { low: money(s.media_value.range?.low), high: money(s.media_value.range?.high) })}
        formula="mediaValue"
      />
      <Tile
        testId="tile-reach"
        label={t("reach")}
        value={formatNumber(s.potential_reach.value ?? 0)}
        detail={t("reachDetail", {
          low: formatNumber(s.estimated_views.range?.low ?? 0),
          high: formatNumber(s.estimated_views.range?.high ?? 0),
          pageLow: formatNumber(s.company_page_views.range?.low ?? 0),
          pageHigh: formatNumber(s.company_page_views.range?.high ?? 0),
        })}
        formula="reach"
      />
      <Tile testId="tile-opportunities" label={t("opportunities")} value={formatNumber(s.opportunities.value ?? 0)} formula="opportunities" />
    </ul>
  );
}

function Chart({ period }: { period: Period }) {
  const { t } = useTranslation("reports");
  const series = useSeries(period);
  if (series.isPending) return <Loading />;
  if (series.isError) return <ErrorNotice error={series.error} />;
  const rows = series.data.map((d: Day) => ({ ...d, label: formatDate(d.date) }));
  const active = rows.filter((r) => r.shares || r.clicks);
  return (
    <section aria-labelledby="chart-title">
      <h2 id="chart-title">{t("chart")}</h2>
      <div className="chart" role="img" aria-label={t("chartLabel", { from: formatDate(period.from), to: formatDate(period.to) })} data-testid="chart">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" minTickGap={24} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Line type="monotone" dataKey="shares" name={t("shares")} stroke="#0b5cad" dot={{ r: 3 }} isAnimationActive={false} />
            <Line type="monotone" dataKey="clicks" name={t("clicks")} stroke="#b3261e" dot={{ r: 3 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>{t("chartTable")}</summary>
        <table data-testid="chart-table">
          <thead>
            <tr>
              <th scope="col">{t("date")}</th>
              <th scope="col">{t("shares")}</th>
              <th scope="col">{t("clicks")}</th>
              <th scope="col">{t("mediaValue")}</th>
            </tr>
          </thead>
          <tbody>
            {active.map((r) => (
              <tr key={r.date}>
                <th scope="row">{r.label}</th>
                <td>{r.shares}</td>
                <td>{r.clicks}</td>
                <td>{formatMoney(r.media_value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function Table({ title, columns, rows }: { title: string; columns: string[]; rows: (string | number)[][] }) {
  const { t } = useTranslation("reports");
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {rows.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) =>
                    j === 0 ? (
                      <th key={j} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={j} data-label={columns[j]}>
                        {cell}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Breakdowns({ period }: { period: Period }) {
  const { t } = useTranslation("reports");
  const { networks, departments, contents } = useBreakdowns(period);
  const n = formatNumber;
  return (
    <>
      {networks.data && (
        <Table
          title={t("perNetwork")}
          columns={[t("network"), t("shares"), t("clicks"), t("clicksPerShare"), t("cpc"), t("mediaValue")]}
          rows={networks.data.map((r) => [
            t(`common:networks.${r.network}`, { defaultValue: r.network }),
            n(r.shares),
            n(r.clicks),
            n(r.clicks_per_share, 2),
            r.cpc_eur != null ? formatMoney(r.cpc_eur) : "–",
            formatMoney(r.media_value),
          ])}
        />
      )}
      {departments.data && (
        <Table
          title={t("perDepartment")}
          columns={[t("department"), t("enrolled"), t("active"), t("participation"), t("shares"), t("clicks"), t("mediaValue")]}
          rows={departments.data.map((r) => [
            r.department,
            n(r.enrolled),
            n(r.active_advocates),
            `${n(r.participation_rate * 100, 1)}%`,
            n(r.shares),
            n(r.clicks),
            formatMoney(r.media_value),
          ])}
        />
      )}
      {contents.data && (
        <Table
          title={t("perContent")}
          columns={[t("content"), t("shares"), t("clicks"), t("clicksPerShare"), t("mediaValue")]}
          rows={contents.data.map((r) => [r.title || r.content_id, n(r.shares), n(r.clicks), n(r.clicks_per_share, 2), formatMoney(r.media_value)])}
        />
      )}
      {[networks, departments, contents].map((q, i) => q.isError && <ErrorNotice key={i} error={q.error} />)}
    </>
  );
}

function Leaderboard() {
  const { t } = useTranslation("reports");
  const board = useLeaderboard();
  if (!board.data) return board.isError ? <ErrorNotice error={board.error} /> : null;
  if (!board.data.enabled) return <p>{t("boardOff")}</p>;
  return (
    <Table
      title={t("leaderboard")}
      columns={[t("rank"), t("name"), t("points")]}
      rows={board.data.entries.map((e) => [e.rank, e.anonymous ? t("hidden") : (e.name ?? ""), e.points])}
    />
  );
}

function Export({ period }: { period: Period }) {
  const { t } = useTranslation("reports");
  const id = useId();
  const [view, setView] = useState("days");
  const download = useExport();
  return (
    <section className="export" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("exportTitle")}</h2>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          download.mutate({ period, view });
        }}
      >
        <label htmlFor={id}>{t("exportView")}</label>
        <select id={id} value={view} onChange={(e) => setView(e.target.value)}>
          {["days", "summary", "networks", "departments", "opportunities"].map((v) => (
            <option key={v} value={v}>
              {t(`views.${v}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button" disabled={download.isPending}>
          {t("export")}
        </button>
        {download.isSuccess && <Notice live>{t("exported", { name: download.data })}</Notice>}
        {download.isError && <ErrorNotice error={download.error} />}
      </form>
    </section>
  );
}

export function Dashboard() {
  const { t } = useTranslation("reports");
  const id = useId();
  const [period, setPeriod] = useState<Period>(() => lastDays(30));
  return (
    <Page title={t("title")} actions={<Link to="/reports/forecast">{t("forecastLink")}</Link>}>
      <fieldset className="period">
        <legend>{t("period")}</legend>
        <div className="button-row">
          {[7, 30, 90].map((days) => (
            <button
              key={days}
              type="button"
              className="button"
              aria-pressed={period.from === lastDays(days).from && period.to === lastDays(days).to}
              onClick={() => setPeriod(lastDays(days))}
            >
              {t("last", { days })}
            </button>
          ))}
        </div>
        <div className="inline">
          <label htmlFor={`${id}-from`}>{t("from")}</label>
          <input id={`${id}-from`} type="date" value={period.from} max={period.to} onChange={(e) => e.target.value && setPeriod((p) => ({ ...p, from: e.target.value }))} />
          <label htmlFor={`${id}-to`}>{t("to")}</label>
          <input id={`${id}-to`} type="date" value={period.to} min={period.from} onChange={(e) => e.target.value && setPeriod((p) => ({ ...p, to: e.target.value }))} />
        </div>
      </fieldset>
      <Tiles period={period} />
      <Chart period={period} />
      <Breakdowns period={period} />
      <Leaderboard />
      <Export period={period} />
    </Page>
  );
}
