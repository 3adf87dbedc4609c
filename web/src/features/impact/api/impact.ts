import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { Schema } from "@/lib/api/types";

export type Impact = Schema<"Impact">;

export type Day = Schema<"Day">;

export type Board = "week" | "month" | "all";

export function useImpact(board: Board) {
  return useQuery({
    queryKey: ["impact", board],
    queryFn: async () => (await unwrap(api.GET("/v1/me/impact", { params: { query: { board } } }))) as unknown as Impact,
  });
}

export function useMyDays() {
  return useQuery({
    queryKey: ["impact", "days"],
    queryFn: async () => ((await unwrap(api.GET("/v1/me/timeseries"))) as { days: Day[] }).days,
  });
}

export function useLeaderboardPreference() {
  return useQuery({
    queryKey: ["leaderboard-preference"],
    queryFn: async () => (await unwrap(api.GET("/v1/me/leaderboard"))) as { show_name: boolean },
  });
}

export function useSetLeaderboardPreference() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (show_name: boolean) => unwrap(api.PUT("/v1/me/leaderboard", { body: { show_name } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["leaderboard-preference"] });
      void client.invalidateQueries({ queryKey: ["impact"] });
    },
  });
}
