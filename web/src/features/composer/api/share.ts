import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { ApiError, unwrap } from "@/lib/api/errors";
import type { Network } from "@/lib/networks";

export interface ShareBody {
  content_id: string;
  network: Network;
  text: string;
  scheduled_at?: string | null;
}

/** One rule's decision: a stable code and a message in the reader's language. */
export interface Decision {
  code: string;
  message: string;
  field?: string;
  [detail: string]: unknown;
}

export interface ShareCheck {
  allowed: boolean;
  status: number;
  network: Network;
  text: string;
  post_at: string;
  scheduled: boolean;
  reasons: Decision[];
  warnings: Decision[];
  length: { text: number; link: number; total: number; limit: number };
}

export interface CreatedShare {
  share_id: string;
  status: string;
  tracked_url?: string;
  intent_url?: string;
  post_at?: string;
  warnings: Decision[];
}

/** The guard's verdict on what I am about to share: nothing is stored or sent. */
export function useShareCheck(body: ShareBody | null) {
  return useQuery({
    queryKey: ["share-check", body],
    enabled: body !== null,
    staleTime: 5_000,
    retry: false,
    placeholderData: (previous) => previous,
    queryFn: async () => (await unwrap(api.POST("/v1/shares/check" as never, { body } as never))) as ShareCheck,
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

interface ConnectionStatus {
  network: Network;
  status: string;
}

/** Which networks I can post to right now (the same cache entry the connections screen uses). */
export function useConnectionStatus() {
  return useQuery({
    queryKey: ["connections"],
    queryFn: async () => ((await unwrap(api.GET("/v1/me/connections"))) as { items: ConnectionStatus[] }).items,
    staleTime: 60_000,
  });
}
