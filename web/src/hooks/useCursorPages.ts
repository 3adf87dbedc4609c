// Cursor paging as the API does it: each page answers `next_cursor` (null on the last page); the
// cursors walked so far are kept, so "first page" and the page number need no extra request.
import { useCallback, useState } from "react";

export interface CursorPages {
  /** The cursor to send for the page shown (null: the first page). */
  cursor: string | null;
  /** 1 for the first page. */
  page: number;
  next: (cursor: string) => void;
  /** Back to the first page (also what a changed filter does). */
  first: () => void;
}

export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const next = useCallback((cursor: string) => setCursors((c) => [...c, cursor]), []);
  const first = useCallback(() => setCursors((c) => (c.length === 1 ? c : [null])), []);
  return { cursor: cursors[cursors.length - 1] ?? null, page: cursors.length, next, first };
}
