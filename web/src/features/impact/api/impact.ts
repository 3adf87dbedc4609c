import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

interface Figure {
  value: number;
  formula: string;
}
interface Range {
  low: number;
  high: number;
}

export interface Impact {
  shares: Figure;
  clicks: Figure;
  unique_clicks: Figure;
  media_value: { value: number; range?: Range; formula: string; currency?: string };
  potential_reach: Figure;
  estimated_views: { range: Range; formula: string };
  engagement: Figure;
  opportunities: Figure;
  connections: {
    value: number;
    network: string | null;
    sentence: string;
    source: string;
    views_per_share: { range: Range; formula: string; inputs: { visibility_low: number; visibility_high: number } };
  };
  rank: {
    enabled: boolean;
    board?: string;
    you?: { rank: number | null; points: number; message: string; points_to_next_place?: number };
    top?: { rank: number; name?: string | null; points: number; you?: boolean; employee_id?: string }[];
  };
}

export interface Day {
  date: string;
  clicks: number;
  unique_clicks: number;
  shares: number;
}

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
