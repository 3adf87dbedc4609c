import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import { currentLanguage } from "@/lib/i18n/i18n";

export interface Guidelines {
  language: string;
  source: "organisation" | "default";
  text: string;
  welcome: string[];
  avoid: string[];
}

export function useGuidelines() {
  const language = currentLanguage();
  return useQuery({
    queryKey: ["guidelines", language],
    queryFn: async () => (await unwrap(api.GET("/v1/guidelines", { params: { query: { language } } }))) as Guidelines,
  });
}
