import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { Network } from "@/lib/networks";

export interface Share {
  share_id: string;
  content_id: string;
  network: Network;
  text: string;
  status: "queued" | "scheduled" | "awaiting_employee" | "posting" | "posted" | "failed" | "cancelled" | "blocked" | string;
  tracked_url?: string;
  intent_url?: string;
  created_at?: string;
  post_at?: string;
  posted_at?: string;
  post_url?: string;
  failure?: string;
  failure_reason?: string;
  reasons?: { code: string; message: string }[];
}

const MOVING = new Set(["queued", "posting", "scheduled"]);
export const sharesKey = ["shares"] as const;

/** My shares; while one is on its way, the list refreshes itself so the status changes in view. */
export function useShares() {
  return useQuery({
    queryKey: sharesKey,
    queryFn: async () => ((await unwrap(api.GET("/v1/shares"))) as { items: Share[] }).items,
    refetchInterval: (query) => ((query.state.data ?? []).some((s) => MOVING.has(s.status) && s.status !== "scheduled") ? 1500 : 30_000),
  });
}

export function useCancelShare() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (shareId: string) =>
      unwrap(api.DELETE("/v1/shares/{share_id}", { params: { path: { share_id: shareId } } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: sharesKey });
      void client.invalidateQueries({ queryKey: ["feed"] });
    },
  });
}
