import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { Schema } from "@/lib/api/types";

export type Share = Schema<"Share">;

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
