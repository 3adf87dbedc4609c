import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

export interface Suggestion {
  content_id: string;
  title: string;
  summary: string;
  url?: string | null;
  author: string;
  author_name?: string;
  occasion?: string | null;
  created_at: string;
  suggested_texts: Record<string, string[]>;
}

export function useSuggestions() {
  return useQuery({
    queryKey: ["library", "suggestions"],
    queryFn: async () =>
      (
        (await unwrap(
          api.GET("/v1/content", { params: { query: { status: "in_review", suggestions: true, oldest_first: true, limit: 50 } } }),
        )) as { items: Suggestion[] }
      ).items,
  });
}

export interface Changes {
  url?: string;
  title?: string;
  suggested_texts?: Record<string, string[]>;
}

/** One step: the curator's finishing touches and the approval, in one request. */
export function useAccept(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: Changes) =>
      unwrap(
        api.POST("/v1/content/{content_id}/accept", {
          params: { path: { content_id: id } },
          body: { changes, reason: "" } as never,
        }),
      ) as Promise<{ status: string; content_id: string }>,
    onSuccess: () => void client.invalidateQueries({ queryKey: ["library"] }),
  });
}

export function useDecline(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(api.POST("/v1/content/{content_id}/reject", { params: { path: { content_id: id } }, body: { reason } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ["library"] }),
  });
}
