import { useTranslation } from "react-i18next";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatNumber } from "@/lib/i18n/format";
import type { Day } from "@/features/impact/api/impact";

/** Clicks per day (Recharts), with the same figures in words for screen readers. */
export function ClicksChart({ days }: { days: Day[] }) {
  const { t } = useTranslation("impact");
  const total = days.reduce((sum, d) => sum + d.clicks, 0);
  const busiest = days.reduce<Day | undefined>((best, d) => (!best || d.clicks > best.clicks ? d : best), undefined);
  const data = days.map((d) => ({ ...d, label: formatDate(d.date) }));
  return (
    <figure aria-labelledby="clicks-chart-caption" style={{ margin: 0 }}>
      <figcaption id="clicks-chart-caption">
        <h2>{t("chart")}</h2>
        <p className="muted">
          {total > 0 && busiest
            ? t("chartSummary", { clicks: formatNumber(total), day: formatDate(busiest.date), max: formatNumber(busiest.clicks) })
            : t("chartEmpty")}
        </p>
      </figcaption>
      <div style={{ width: "100%", height: 220 }} aria-hidden="true">
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={24} />
            <YAxis allowDecimals={false} width={32} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Bar dataKey="clicks" name={t("clicks")} fill="#0b57a4" />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
