// The dashboard reads only the reports API's aggregates: its cost does not grow with the shares.
import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

export interface Period {
  from: string;
  to: string;
}

export interface Figure {
  value?: number;
  range?: { low: number; high: number };
  formula: string;
  inputs?: Record<string, unknown>;
  benchmark?: number;
  versus_benchmark?: number;
  range_formula?: string;
  currency?: string;
}

export interface Summary {
  period: Period & { days: number };
  participation_rate: Figure;
  shares: Figure;
  clicks: Figure;
  unique_clicks: Figure;
  clicks_per_share: Figure;
  engagement: Figure;
  potential_reach: Figure;
  estimated_views: Figure;
  company_page_views: Figure;
  advocacy_multiple: Figure;
  media_value: Figure & { networks_without_cpc: string[] };
  opportunities: Figure;
}

export interface Day {
  date: string;
  shares: number;
  clicks: number;
  media_value: number;
  active_advocates: number;
}

export interface NetworkRow {
  network: string;
  shares: number;
  clicks: number;
  clicks_per_share: number;
  potential_reach: number;
  cpc_eur?: number | null;
  media_value: number;
}

export interface DepartmentRow {
  department: string;
  enrolled: number;
  active_advocates: number;
  participation_rate: number;
  shares: number;
  clicks: number;
  media_value: number;
}

export interface ContentRow {
  content_id: string;
  title: string;
  shares: number;
  clicks: number;
  clicks_per_share: number;
  media_value: number;
}

export interface Board {
  formula: string;
  enabled: boolean;
  entries: { rank: number; name: string | null; anonymous?: boolean; points: number }[];
}

const query = (period: Period) => ({ params: { query: { from: period.from, to: period.to } } });

export function useSummary(period: Period) {
  return useQuery({
    queryKey: ["reports", "summary", period],
    queryFn: async () => (await unwrap(api.GET("/v1/reports/summary", query(period)))) as Summary,
  });
}

export function useSeries(period: Period) {
  return useQuery({
    queryKey: ["reports", "timeseries", period],
    queryFn: async () => ((await unwrap(api.GET("/v1/reports/timeseries", query(period)))) as { days: Day[] }).days,
  });
}

export function useBreakdowns(period: Period) {
  const networks = useQuery({
    queryKey: ["reports", "networks", period],
    queryFn: async () => ((await unwrap(api.GET("/v1/reports/networks", query(period)))) as { networks: NetworkRow[] }).networks,
  });
  const departments = useQuery({
    queryKey: ["reports", "departments", period],
    queryFn: async () =>
      ((await unwrap(api.GET("/v1/reports/departments", query(period)))) as { departments: DepartmentRow[] }).departments,
  });
  const contents = useQuery({
    queryKey: ["reports", "contents", period],
    queryFn: async () =>
      ((await unwrap(api.GET("/v1/reports/contents", { params: { query: { ...query(period).params.query, limit: 10 } } }))) as {
        items: ContentRow[];
      }).items,
  });
  return { networks, departments, contents };
}

export function useLeaderboard() {
  return useQuery({
    queryKey: ["reports", "leaderboard"],
    queryFn: async () => (await unwrap(api.GET("/v1/reports/leaderboard", { params: { query: { board: "month" } } }))) as Board,
  });
}

/** The CSV as the API writes it (semicolons and decimal commas for Dutch readers), saved as a file. */
export function useExport() {
  return useMutation({
    mutationFn: async ({ period, view }: { period: Period; view: string }) => {
      const { data, response } = await api.GET("/v1/reports/export.csv", {
        params: { query: { from: period.from, to: period.to, view: view as never } },
        parseAs: "blob",
      });
      if (!response.ok || !data) throw new Error(`HTTP ${response.status}`);
      const disposition = response.headers.get("Content-Disposition") ?? "";
      const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `estafette-${view}.csv`;
      const url = URL.createObjectURL(data as Blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      URL.revokeObjectURL(url);
      return name;
    },
  });
}
