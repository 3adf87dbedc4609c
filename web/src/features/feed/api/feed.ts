import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { Network } from "@/lib/networks";

export type ContentType = "news" | "vacancy" | "industry" | "expertise" | "event";

export interface FeedItem {
  content_id: string;
  type: ContentType;
  title: string;
  summary?: string | null;
  url?: string | null;
  image_url?: string | null;
  language: string;
  suggested_texts: string[];
  notes: { do: string[]; dont: string[] };
  networks: Network[];
  published_at?: string | null;
  expires_at?: string | null;
  targeted_at_my: string[];
  colleagues_shared: number;
}

export const feedKey = ["feed"] as const;

export function useFeed() {
  return useQuery({
    queryKey: feedKey,
    queryFn: async () => (await unwrap(api.GET("/v1/feed", { params: { query: { limit: 50 } } }))) as { items: FeedItem[] },
  });
}
