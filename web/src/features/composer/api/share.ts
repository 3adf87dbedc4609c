import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { ApiError, unwrap } from "@/lib/api/errors";
import type { Schema } from "@/lib/api/types";

export type ShareBody = Schema<"ShareIn">;

/** One rule's decision: a stable code and a message in the reader's language. */
export type Decision = Schema<"Decision">;

export type ShareCheck = Schema<"ShareCheck">;

export type CreatedShare = Schema<"ShareAccepted">;

/** The guard's verdict on what I am about to share: nothing is stored or sent. */
export function useShareCheck(body: ShareBody | null) {
  return useQuery({
    queryKey: ["share-check", body],
    enabled: body !== null,
    staleTime: 5_000,
    retry: false,
    placeholderData: (previous) => previous,
    queryFn: async () => (await unwrap(api.POST("/v1/shares/check", { body: body! }))) as ShareCheck,
  });
}

export function useShare() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: ShareBody) => (await unwrap(api.POST("/v1/shares", { body }))) as CreatedShare,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["feed"] });
      void client.invalidateQueries({ queryKey: ["shares"] });
    },
  });
}

/** A refusal's reasons: the guard lists every rule that refused in `reasons`. */
export function refusalReasons(error: unknown): Decision[] {
  if (!(error instanceof ApiError)) return [];
  const reasons = error.body.reasons as Decision[] | undefined;
  return reasons && reasons.length ? reasons : [{ code: error.code, message: error.message }];
}

type ConnectionStatus = Schema<"Connection">;

/** Which networks I can post to right now (the same cache entry the connections screen uses). */
export function useConnectionStatus() {
  return useQuery({
    queryKey: ["connections"],
    queryFn: async () => ((await unwrap(api.GET("/v1/me/connections"))) as { items: ConnectionStatus[] }).items,
    staleTime: 60_000,
  });
}
