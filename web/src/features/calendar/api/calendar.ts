import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

export interface CalendarEntry {
  content_id: string;
  title: string;
  type: string;
  status: string;
  kind: "publish" | "expire";
  at: string;
  movable: boolean;
}

export function useCalendar(from: string, to: string) {
  return useQuery({
    queryKey: ["calendar", from, to],
    queryFn: async () =>
      ((await unwrap(api.GET("/v1/calendar", { params: { query: { from, to } } }))) as { entries: CalendarEntry[] }).entries,
  });
}

/** Moving an item on the calendar is an edit of its publish_at; its scheduled publication moves with it. */
export function useMove() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ contentId, publishAt }: { contentId: string; publishAt: string }) =>
      unwrap(
        api.PATCH("/v1/content/{content_id}", {
          params: { path: { content_id: contentId } },
          body: { publish_at: publishAt, reason: "moved on the calendar" } as never,
        }),
      ),
    onSuccess: (_data, { contentId }) => {
      void client.invalidateQueries({ queryKey: ["calendar"] });
      void client.invalidateQueries({ queryKey: ["content", contentId] });
    },
  });
}
