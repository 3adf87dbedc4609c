import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorNotice, Loading } from "@/components/Status";
import { formatMoney, formatNumber } from "@/lib/i18n/format";
import {
  useImpact,
  useLeaderboardPreference,
  useMyDays,
  useSetLeaderboardPreference,
  type Board,
  type Impact as ImpactBody,
} from "@/features/impact/api/impact";
import { ClicksChart } from "@/features/impact/components/ClicksChart";
import "@/features/impact/locales";

function Kpi({ label, value, note, testId }: { label: string; value: string; note?: string; testId?: string }) {
  return (
    <li className="kpi" data-testid={testId}>
      <span className="muted">{label}</span>
      <span className="kpi-value">{value}</span>
      {note && <span className="muted">{note}</span>}
    </li>
  );
}

function Figures({ impact }: { impact: ImpactBody }) {
  const { t } = useTranslation("impact");
  const visibility = (impact.connections.views_per_share.inputs ?? {}) as { visibility_low?: number; visibility_high?: number };
  const range = impact.media_value.range;
  return (
    <>
      <ul className="kpis">
        <Kpi label={t("shares")} value={formatNumber(impact.shares.value)} testId="kpi-shares" />
        <Kpi label={t("clicks")} value={formatNumber(impact.clicks.value)} note={`${t("uniqueClicks")}: ${formatNumber(impact.unique_clicks.value)}`} testId="kpi-clicks" />
        <Kpi
          label={t("mediaValue")}
          value={formatMoney(impact.media_value.value)}
          note={range ? t("mediaRange", { low: formatMoney(range.low), high: formatMoney(range.high) }) : undefined}
          testId="kpi-media-value"
        />
        <Kpi label={t("reach")} value={formatNumber(impact.potential_reach.value)} note={t("reachFormula")} />
        <Kpi
          label={t("views")}
          value={`${formatNumber(impact.estimated_views.range.low)}–${formatNumber(impact.estimated_views.range.high)}`}
          note={t("viewsFormula", {
            reach: formatNumber(impact.potential_reach.value),
            low: formatNumber((visibility.visibility_low ?? 0.2) * 100),
            high: formatNumber((visibility.visibility_high ?? 0.5) * 100),
          })}
        />
        <Kpi label={t("engagement")} value={formatNumber(impact.engagement.value)} />
        <Kpi label={t("opportunities")} value={formatNumber(impact.opportunities.value)} />
      </ul>
      <p className="muted">{t("mediaFormula")}</p>
      <h2>{t("connections")}</h2>
      <p data-testid="connections-sentence">{impact.connections.sentence}</p>
    </>
  );
}

function Leaderboard({ impact }: { impact: ImpactBody }) {
  const { t } = useTranslation("impact");
  const preference = useLeaderboardPreference();
  const setPreference = useSetLeaderboardPreference();
  const rank = impact.rank;
  return (
    <section aria-labelledby="leaderboard-title">
      <h2 id="leaderboard-title">{t("leaderboard")}</h2>
      {!rank.enabled ? (
        <p>{t("leaderboardOff")}</p>
      ) : (
        <>
          {rank.you && (
            <p data-testid="my-rank">
              {rank.you.rank != null && <strong>{t("place", { rank: rank.you.rank, points: formatNumber(rank.you.points) })}. </strong>}
              {rank.you.message}
            </p>
          )}
          {rank.top && rank.top.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("rank")}</th>
                    <th scope="col">{t("name")}</th>
                    <th scope="col">{t("points")}</th>
                  </tr>
                </thead>
                <tbody>
                  {rank.top.map((e) => (
                    <tr key={`${e.rank}-${e.employee_id ?? e.name ?? "anon"}`} aria-current={e.you ? "true" : undefined}>
                      <td>{e.rank}</td>
                      <td>
                        {e.name ?? t("anonymous")}
                        {e.you ? ` (${t("you")})` : ""}
                      </td>
                      <td>{formatNumber(e.points)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {preference.isSuccess && (
        <div className="field">
          <label className="check">
            <input
              type="checkbox"
              checked={preference.data.show_name}
              disabled={setPreference.isPending}
              onChange={(e) => setPreference.mutate(e.target.checked)}
              aria-describedby="show-name-help"
            />
            {t("showName")}
          </label>
          <span id="show-name-help" className="muted">
            {t("showNameHelp")}
          </span>
        </div>
      )}
      {setPreference.isError && <ErrorNotice error={setPreference.error} />}
    </section>
  );
}

export function Impact() {
  const { t } = useTranslation("impact");
  const [board, setBoard] = useState<Board>("all");
  const impact = useImpact(board);
  const days = useMyDays();
  return (
    <>
      <div className="tabs" role="group" aria-label={t("board")}>
        {(["week", "month", "all"] as Board[]).map((b) => (
          <button key={b} type="button" className="button" aria-pressed={b === board} onClick={() => setBoard(b)}>
            {t(`boards.${b}`)}
          </button>
        ))}
      </div>
      {impact.isPending && <Loading />}
      {impact.isError && <ErrorNotice error={impact.error} onRetry={() => void impact.refetch()} />}
      {impact.isSuccess && <Figures impact={impact.data} />}
      {days.isSuccess && <ClicksChart days={days.data} />}
      {days.isError && <ErrorNotice error={days.error} />}
      {impact.isSuccess && <Leaderboard impact={impact.data} />}
    </>
  );
}
