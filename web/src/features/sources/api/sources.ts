// The org's industry sources (RSS and Atom feeds) and the drafts they bring. ["audience"] is the same
// query the editor's audience picker reads (one cache entry).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { components } from "@/lib/api/schema";

export type Source = components["schemas"]["Source"];
export type SourceIn = components["schemas"]["SourceIn"];
export type SourcePatch = components["schemas"]["SourcePatch"];
export type AudienceOptions = components["schemas"]["AudienceOptions"];

export const sourcesKey = ["sources"] as const;
/** How often the list reads again while the tab is visible, so a feed the poller just read shows its status. */
export const SOURCES_REFRESH_MS = 30_000;

export function useSources() {
  return useQuery({
    queryKey: sourcesKey,
    queryFn: async () => (await unwrap(api.GET("/v1/sources"))).items,
    // TanStack Query pauses the interval while the tab is hidden (refetchIntervalInBackground is off).
    refetchInterval: SOURCES_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}

export function useAudienceOptions() {
  return useQuery({
    queryKey: ["audience"],
    queryFn: async () => (await unwrap(api.GET("/v1/audience"))) as AudienceOptions,
    staleTime: 60_000,
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: sourcesKey });
  };
}

export function useAddSource() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (body: SourceIn) => await unwrap(api.POST("/v1/sources", { body })),
    onSuccess: invalidate,
  });
}

export function useEditSource() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async ({ id, body }: { id: string; body: SourcePatch }) =>
      await unwrap(api.PATCH("/v1/sources/{source_id}", { params: { path: { source_id: id } }, body })),
    onSuccess: invalidate,
  });
}

export function useDeleteSource() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (id: string) => {
      await unwrap(api.DELETE("/v1/sources/{source_id}", { params: { path: { source_id: id } } }));
      return id;
    },
    onSuccess: invalidate,
  });
}
