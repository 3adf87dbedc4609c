import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

export interface Inputs {
  participants?: number;
  posts_per_participant?: number;
  clicks_per_share?: number;
  cpc?: number;
}

export interface Forecast {
  value: number;
  currency: string;
  formula: string;
  horizon: string;
  inputs: Record<keyof Inputs, { value: number; source: string }>;
  history: { from: string; to: string; enough: boolean; rule: string };
  benchmarks: Required<Inputs>;
}

/** The API computes the forecast; what the person typed overrides the org's own figures. */
export function useForecast(overrides: Inputs) {
  return useQuery({
    queryKey: ["reports", "forecast", overrides],
    queryFn: async () => (await unwrap(api.GET("/v1/reports/forecast", { params: { query: overrides } }))) as unknown as Forecast,
    placeholderData: keepPreviousData,
  });
}
