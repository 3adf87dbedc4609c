import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

export const KINDS = ["new_content", "vacancy", "reconnect", "share_failed", "weekly_impact", "review", "content_rejected"] as const;
export type Kind = (typeof KINDS)[number];

export interface Preferences {
  email: Record<Kind, boolean>;
  quiet_hours: { start: string; end: string } | null;
  digest_time: string;
}

export interface PreferencesView extends Preferences {
  email_address: string | null;
  next_digest: { send_at: string; items: number } | null;
}

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
