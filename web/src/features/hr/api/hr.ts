import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";

export interface Delivery {
  provider: string;
  delivery_id: string;
  kind?: string;
  events?: string[];
  status: string;
  reason?: string;
  received_at: string;
  processed_at?: string;
}

export function useDeliveries(status: string, cursor: string | null) {
  return useQuery({
    queryKey: ["hr", "deliveries", status, cursor],
    queryFn: async () =>
      (await unwrap(
        api.GET("/v1/org/webhooks/deliveries", {
          params: { query: { status: (status || undefined) as never, limit: 25, cursor: cursor ?? undefined } },
        }),
      )) as { items: Delivery[]; next_cursor: string | null },
  });
}

export function useRotate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ provider, secret }: { provider: string; secret?: string }) =>
      (await unwrap(
        api.PUT("/v1/org/webhooks/{provider}/secret", {
          params: { path: { provider } },
          body: (secret ? { secret } : {}) as never,
        }),
      )) as { provider: string; active_secrets: number; secret?: string },
    onSuccess: () => void client.invalidateQueries({ queryKey: ["hr"] }),
  });
}

export function useRetire() {
  return useMutation({
    mutationFn: async (provider: string) =>
      (await unwrap(api.DELETE("/v1/org/webhooks/{provider}/secret/previous", { params: { path: { provider } } }))) as {
        active_secrets: number;
      },
  });
}
