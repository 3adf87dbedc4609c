// The org's settings with their ETag. Every field saves on its own as a JSON merge patch, sent with
// If-Match: a stale ETag is a 412, so two admins never overwrite each other silently.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { toApiError } from "@/lib/api/errors";

export type Settings = Record<string, unknown>;
export interface Versioned {
  settings: Settings;
  etag: string;
}

export const settingsKey = ["org-settings"] as const;

export function useSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: async (): Promise<Versioned> => {
      const { data, error, response } = await api.GET("/v1/org/settings");
      if (!response.ok) throw toApiError(response.status, error);
      return { settings: data as Settings, etag: response.headers.get("ETag") ?? "" };
    },
    refetchOnWindowFocus: false,
  });
}

/** `{guard: {max_shares_per_day: 5}}` from ["guard", "max_shares_per_day"] and 5. */
export function patchFor(path: string[], value: unknown): Settings {
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Settings;
}

export function valueAt(settings: Settings | undefined, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Settings)[key] : undefined), settings);
}

export function useSaveSetting() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ path, value }: { path: string[]; value: unknown }): Promise<Versioned> => {
      const current = client.getQueryData<Versioned>(settingsKey);
      const { data, error, response } = await api.PATCH("/v1/org/settings", {
        params: { header: { "if-match": current?.etag ?? "" } },
        body: patchFor(path, value),
      });
      if (!response.ok) throw toApiError(response.status, error);
      return { settings: data as Settings, etag: response.headers.get("ETag") ?? "" };
    },
    onSuccess: (saved) => client.setQueryData(settingsKey, saved),
    onError: (error: { status?: number }) => {
      // Someone else saved meanwhile: load their version, so the page shows it.
      if (error.status === 412) void client.invalidateQueries({ queryKey: settingsKey });
    },
  });
}
