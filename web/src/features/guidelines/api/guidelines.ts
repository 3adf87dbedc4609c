import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { Schema } from "@/lib/api/types";
import { currentLanguage } from "@/lib/i18n/i18n";

export type Guidelines = Schema<"GuidelinesView">;

export function useGuidelines() {
  const language = currentLanguage();
  return useQuery({
    queryKey: ["guidelines", language],
    queryFn: async () => (await unwrap(api.GET("/v1/guidelines", { params: { query: { language } } }))) as Guidelines,
  });
}
