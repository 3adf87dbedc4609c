import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

export interface AuditEntry {
  action: string;
  actor: string;
  actor_name?: string;
  at: string;
  from?: string | null;
  to: string;
  reason?: string;
  fields?: string[];
}

export interface ReviewItem {
  content_id: string;
  type: string;
  title: string;
  summary: string;
  url?: string | null;
  status: string;
  author: string;
  author_name?: string;
  submitted_by?: string | null;
  suggested_texts: Record<string, string[]>;
  audience: { departments: string[]; roles: string[]; locations: string[]; languages: string[] };
  publish_at?: string | null;
  expires_at?: string | null;
  source?: string | null;
  audit?: AuditEntry[];
}

export function useReviewQueue() {
  return useQuery({
    queryKey: ["library", "review"],
    queryFn: async () =>
      ((await unwrap(api.GET("/v1/content", { params: { query: { status: "in_review", oldest_first: true, limit: 50 } } }))) as {
        items: ReviewItem[];
      }).items,
  });
}

/** The item with its audit trail: the same ["content", id] entry the editor reads. */
export function useDetail(id: string | undefined) {
  return useQuery({
    queryKey: ["content", id ?? ""],
    enabled: Boolean(id),
    refetchOnWindowFocus: false,
    queryFn: async () =>
      (await unwrap(api.GET("/v1/content/{content_id}", { params: { path: { content_id: id! } } }))) as ReviewItem,
  });
}

export function useDecision(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, reason }: { action: "approve" | "reject"; reason: string }) => {
      const request = { params: { path: { content_id: id } }, body: { reason } };
      return unwrap(
        action === "approve"
          ? api.POST("/v1/content/{content_id}/approve", request)
          : api.POST("/v1/content/{content_id}/reject", request),
      ) as Promise<ReviewItem>;
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["library"] });
      void client.invalidateQueries({ queryKey: ["content", id] });
    },
  });
}
