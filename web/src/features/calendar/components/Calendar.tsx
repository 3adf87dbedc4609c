import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Page } from "@/components/Page";
import { ErrorNotice, Loading, Notice } from "@/components/Status";
import { formatDate, formatDateTime, locale } from "@/lib/i18n/format";
import { useCalendar, useMove, type CalendarEntry } from "@/features/calendar/api/calendar";
import "@/features/calendar/locales";

type View = "week" | "month";

const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

function addDays(d: Date, n: number): Date {
  const copy = new Date(d);
  copy.setDate(copy.getDate() + n);
  return copy;
}

/** The days a view shows: a Monday-to-Sunday week, or the weeks that cover a month. */
export function daysOf(view: View, anchor: Date): Date[] {
  const start = view === "week" ? new Date(anchor) : new Date(anchor.getFullYear(), anchor.getMonth(), 1);
  const monday = addDays(start, -((start.getDay() + 6) % 7));
  if (view === "week") return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const last = new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0);
  const days: Date[] = [];
  for (let d = monday; d <= last || days.length % 7 !== 0; d = addDays(d, 1)) days.push(d);
  return days;
}

function MoveForm({ entry }: { entry: CalendarEntry }) {
  const { t } = useTranslation("calendar");
  const id = useId();
  const move = useMove();
  const current = new Date(entry.at);
  const [day, setDay] = useState(iso(current));
  if (move.isSuccess) return <Notice tone="success" live>{t("moved", { date: formatDateTime(move.variables.publishAt) })}</Notice>;
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        const [y, m, d] = day.split("-").map(Number);
        const target = new Date(current);
        target.setFullYear(y, m - 1, d);
        move.mutate({ contentId: entry.content_id, publishAt: target.toISOString() });
      }}
    >
      <label htmlFor={id}>{t("moveTo", { title: entry.title })}</label>
      <input id={id} type="date" value={day} onChange={(e) => setDay(e.target.value)} required />
      <button type="submit" className="button" disabled={move.isPending}>
        {t("moveConfirm")}
      </button>
      {move.isError && <ErrorNotice error={move.error} />}
    </form>
  );
}

function Entry({ entry }: { entry: CalendarEntry }) {
  const { t } = useTranslation("calendar");
  const [moving, setMoving] = useState(false);
  const time = new Intl.DateTimeFormat(locale(), { timeStyle: "short" }).format(new Date(entry.at));
  return (
    <li className={`entry entry-${entry.kind}`} data-testid="calendar-entry" data-kind={entry.kind}>
      <span className="badge">{t(entry.kind)}</span> {time} <Link to={`/library/${entry.content_id}`}>{entry.title}</Link>
      {entry.movable && (
        <>
          {" "}
          <button type="button" className="button small" aria-expanded={moving} onClick={() => setMoving((v) => !v)}>
            {t("move")}
          </button>
          {moving && <MoveForm entry={entry} />}
        </>
      )}
    </li>
  );
}

export function Calendar() {
  const { t } = useTranslation("calendar");
  const [view, setView] = useState<View>("month");
  const [anchor, setAnchor] = useState(() => new Date());
  const days = daysOf(view, anchor);
  const from = iso(days[0]);
  const to = iso(days[days.length - 1]);
  const calendar = useCalendar(from, to);
  const byDay = new Map<string, CalendarEntry[]>();
  for (const entry of calendar.data ?? []) {
    const key = iso(new Date(entry.at));
    byDay.set(key, [...(byDay.get(key) ?? []), entry]);
  }
  const shift = (direction: number) =>
    setAnchor((a) => (view === "week" ? addDays(a, 7 * direction) : new Date(a.getFullYear(), a.getMonth() + direction, 1)));
  const weekday = new Intl.DateTimeFormat(locale(), { weekday: "long", day: "numeric", month: "long" });
  return (
    <Page title={t("title")}>
      <div className="button-row" role="group" aria-label={t("view")}>
        {(["week", "month"] as const).map((v) => (
          <button key={v} type="button" className="button" aria-pressed={view === v} onClick={() => setView(v)}>
            {t(v)}
          </button>
        ))}
        <button type="button" className="button" onClick={() => shift(-1)}>
          {t("previous")}
        </button>
        <button type="button" className="button" onClick={() => setAnchor(new Date())}>
          {t("today")}
        </button>
        <button type="button" className="button" onClick={() => shift(1)}>
          {t("next")}
        </button>
      </div>
      <p aria-live="polite" className="calendar-range">
        {view === "month"
          ? new Intl.DateTimeFormat(locale(), { month: "long", year: "numeric" }).format(anchor)
          : t("range", { from: formatDate(from), to: formatDate(to) })}
      </p>
      {calendar.isPending ? (
        <Loading />
      ) : calendar.isError ? (
        <ErrorNotice error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : (
        <>
          {calendar.data.length === 0 && <p>{t("empty")}</p>}
          <ol className={`calendar calendar-${view}`}>
            {days.map((day) => {
              const entries = byDay.get(iso(day)) ?? [];
              const outside = view === "month" && day.getMonth() !== anchor.getMonth();
              const today = iso(day) === iso(new Date());
              return (
                <li
                  key={iso(day)}
                  className={["day", outside && "outside", today && "today"].filter(Boolean).join(" ")}
                  aria-label={weekday.format(day)}
                  aria-current={today ? "date" : undefined}
                >
                  <span className="day-name" aria-hidden="true">
                    {weekday.format(day)}
                  </span>
                  {entries.length > 0 && (
                    <ul>
                      {entries.map((entry) => (
                        <Entry key={`${entry.content_id}-${entry.kind}`} entry={entry} />
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </Page>
  );
}
