import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { Schema } from "@/lib/api/types";

export type FeedItem = Schema<"FeedItem">;

export const feedKey = ["feed"] as const;

export function useFeed() {
  return useQuery({
    queryKey: feedKey,
    queryFn: async () => (await unwrap(api.GET("/v1/feed", { params: { query: { limit: 50 } } }))) as { items: FeedItem[] },
  });
}
