import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { CursorPages } from "@/hooks/useCursorPages";

/** The part of a cursor-paged list query the pager reads (a TanStack Query result of `{items, next_cursor}`). */
export interface PagedQuery {
  data?: { items: unknown[]; next_cursor?: string | null };
  isPlaceholderData: boolean;
  isPending: boolean;
}

interface Props {
  pages: CursorPages;
  /** The shown page's query: its `next_cursor` (none on the last page), whether a page is on its way (the
   * buttons wait, the status says so) and how many items it holds ("Page 2 · 25 items"). */
  query: PagedQuery;
  /** The screen's own words for the two buttons (e.g. "Older deliveries", "Newest"). */
  nextLabel?: string;
  firstLabel?: string;
}

/** "Next page" / "First page" under a cursor-paged list, with a polite status naming the page. */
export function Pager({ pages, query, nextLabel, firstLabel }: Props) {
  const { t } = useTranslation();
  const nextCursor = query.data?.next_cursor;
  const busy = query.isPlaceholderData || query.isPending;
  const count = query.data?.items.length;
  const firstButton = useRef<HTMLButtonElement>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  const moved = useRef(false);
  // While a page loads its buttons wait (disabled), which drops keyboard focus; once it is there, focus
  // returns to "next page", or to "first page" on the last page.
  useEffect(() => {
    if (!moved.current || busy) return;
    moved.current = false;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (lost) (nextButton.current ?? firstButton.current)?.focus();
  }, [busy, nextCursor]);
  if (pages.page === 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={t("pager.label")}>
      <p className="muted pager-status" role="status" aria-live="polite">
        {busy
          ? t("loading")
          : count === undefined
            ? t("pager.page", { page: pages.page })
            : t("pager.pageWithCount", { page: pages.page, count })}
      </p>
      <div className="button-row">
        {pages.page > 1 && (
          <button ref={firstButton} type="button" className="button" disabled={busy} onClick={pages.first}>
            {firstLabel ?? t("pager.first")}
          </button>
        )}
        {nextCursor && (
          <button
            ref={nextButton}
            type="button"
            className="button"
            disabled={busy}
            onClick={() => {
              moved.current = true;
              pages.next(nextCursor);
            }}
          >
            {nextLabel ?? t("pager.next")}
          </button>
        )}
      </div>
    </nav>
  );
}
