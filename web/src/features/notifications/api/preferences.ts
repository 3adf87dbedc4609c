import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { Schema } from "@/lib/api/types";

export const KINDS = ["new_content", "vacancy", "reconnect", "share_failed", "weekly_impact", "review", "content_rejected"] as const;
export type Kind = (typeof KINDS)[number];

export type Preferences = Schema<"Preferences">;

export type PreferencesView = Schema<"PreferencesView">;

const key = ["notification-preferences"] as const;

export function usePreferences() {
  return useQuery({ queryKey: key, queryFn: async () => (await unwrap(api.GET("/v1/me/notifications"))) as PreferencesView });
}

export function useSavePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Preferences) => (await unwrap(api.PUT("/v1/me/notifications", { body }))) as PreferencesView,
    onSuccess: (saved) => client.setQueryData(key, saved),
  });
}
