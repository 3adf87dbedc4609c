import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { Schema } from "@/lib/api/types";
import type { Network } from "@/lib/networks";

export type Connection = Schema<"Connection">;

export const connectionsKey = ["connections"] as const;

export function useConnections() {
  return useQuery({
    queryKey: connectionsKey,
    queryFn: async () => ((await unwrap(api.GET("/v1/me/connections"))) as { items: Connection[] }).items,
    staleTime: 60_000,
  });
}

/** How soon before a token expires we ask to reconnect (the API also sets `reconnect_by`). */
const WARN_DAYS = 7;

export function needsReconnect(connection: Connection, now = Date.now()): boolean {
  if (connection.status === "expired" || connection.status === "revoked") return true;
  if (connection.status !== "active") return false;
  const by = connection.reconnect_by ?? connection.expires_at;
  if (!by || connection.refreshable) return false;
  return new Date(by).getTime() - now <= WARN_DAYS * 86_400_000;
}

export function useStartConnect() {
  return useMutation({
    mutationFn: async (network: Network) =>
      (await unwrap(api.POST("/v1/me/connections/{network}", { params: { path: { network } } }))) as {
        authorization_url: string;
      },
    // OAuth: the browser goes to the network's consent screen and comes back through the API's
    // callback, which redirects to /me/connections/<network>?outcome=...
    onSuccess: (start) => window.location.assign(start.authorization_url),
  });
}

export function useConnectBluesky() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (login: { identifier: string; app_password: string }) =>
      unwrap(api.POST("/v1/me/connections/{network}", { params: { path: { network: "bluesky" } }, body: login })),
    onSuccess: () => void client.invalidateQueries({ queryKey: connectionsKey }),
  });
}

export function useDisconnect() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (network: Network) => unwrap(api.DELETE("/v1/me/connections/{network}", { params: { path: { network } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: connectionsKey }),
  });
}
