// The editor's reads and writes. ["content", id] is the item detail the approval inbox reads too.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

export interface AudienceValue {
  departments: string[];
  roles: string[];
  locations: string[];
  languages: string[];
}

/** An image on the item: its alt text per language; `url` to show it (the API's, or the picked file's). */
export interface EditorImage {
  media_id: string;
  alt: Record<string, string>;
  url?: string;
  content_type?: string;
  name?: string;
}

export interface EditorItem {
  content_id: string;
  type: string;
  url?: string | null;
  title: string;
  summary: string;
  image_url?: string | null;
  images: EditorImage[];
  status: string;
  suggested_texts: Record<string, string[]>;
  networks: string[];
  audience: AudienceValue;
  publish_at?: string | null;
  expires_at?: string | null;
}

export type ContentBody = Omit<EditorItem, "content_id" | "status">;

export interface AudienceOptions {
  employees: number;
  departments: { value: string; people: number }[];
  roles: { value: string; people: number }[];
  locations: { value: string; people: number }[];
  languages: { value: string; people: number }[];
}

export const contentKey = (id: string) => ["content", id] as const;

export function useItem(id: string | undefined) {
  return useQuery({
    queryKey: contentKey(id ?? ""),
    enabled: Boolean(id),
    refetchOnWindowFocus: false,
    queryFn: async () =>
      (await unwrap(api.GET("/v1/content/{content_id}", { params: { path: { content_id: id! } } }))) as EditorItem,
  });
}

export function useSave(id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: ContentBody) => {
      const json = body as never;
      const saved = id
        ? await unwrap(api.PATCH("/v1/content/{content_id}", { params: { path: { content_id: id } }, body: json }))
        : await unwrap(api.POST("/v1/content", { body: json }));
      return saved as EditorItem;
    },
    onSuccess: (item) => {
      client.setQueryData(contentKey(item.content_id), (old: object | undefined) => ({ ...old, ...item }));
      void client.invalidateQueries({ queryKey: contentKey(item.content_id) });
      void client.invalidateQueries({ queryKey: ["library"] });
    },
  });
}

export function useTransition(id: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (action: "submit" | "archive") => {
      const path = { params: { path: { content_id: id! } } };
      return action === "submit"
        ? unwrap(api.POST("/v1/content/{content_id}/submit", { ...path, body: { reason: "" } }))
        : unwrap(api.DELETE("/v1/content/{content_id}", path));
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: contentKey(id!) });
      void client.invalidateQueries({ queryKey: ["library"] });
    },
  });
}

export function usePreview() {
  return useMutation({
    mutationFn: async (url: string) =>
      (await unwrap(api.POST("/v1/content/preview", { body: { url } }))) as {
        title?: string;
        summary?: string;
        image_url?: string | null;
        site_name?: string;
      },
  });
}

export function useAudienceOptions() {
  return useQuery({
    queryKey: ["audience"],
    queryFn: async () => (await unwrap(api.GET("/v1/audience"))) as AudienceOptions,
    staleTime: 60_000,
  });
}

export function useReach(audience: AudienceValue) {
  return useQuery({
    queryKey: ["audience", "reach", audience],
    queryFn: async () =>
      (await unwrap(api.POST("/v1/audience/reach", { body: audience as never }))) as { reach: number; employees: number },
    staleTime: 30_000,
  });
}
