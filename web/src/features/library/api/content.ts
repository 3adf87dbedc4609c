// The library's reads and writes. The item detail ["content", id] is shared with the editor and the
// approval inbox (same key, one cache entry).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { paths } from "@/lib/api/schema";

export interface Audience {
  departments: string[];
  roles: string[];
  locations: string[];
  languages: string[];
}

export interface ContentItem {
  content_id: string;
  type: string;
  url?: string | null;
  title: string;
  summary: string;
  status: string;
  author: string;
  author_name?: string;
  audience: Audience;
  suggested_texts: Record<string, string[]>;
  networks: string[];
  publish_at?: string | null;
  expires_at?: string | null;
  published_at?: string | null;
  created_at: string;
  updated_at: string;
  source?: string | null;
  occasion?: string | null;
}

export interface LibraryFilters {
  status?: string;
  type?: string;
  language?: string;
  department?: string;
  author?: string;
  q?: string;
  /** "source": only the drafts that arrived from industry sources */
  origin?: string;
}

type Query = NonNullable<paths["/v1/content"]["get"]["parameters"]["query"]>;

export function useLibrary(filters: LibraryFilters, cursor: string | null) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Query;
  return useQuery({
    queryKey: ["library", filters, cursor],
    queryFn: async () =>
      (await unwrap(api.GET("/v1/content", { params: { query: { ...query, limit: 25, cursor: cursor ?? undefined } } }))) as {
        items: ContentItem[];
        next_cursor: string | null;
      },
    placeholderData: keepPreviousData,
  });
}
