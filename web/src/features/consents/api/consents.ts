import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { Schema } from "@/lib/api/types";
import type { Network } from "@/lib/networks";

export type Consent = Schema<"Consent">;

export type ConsentEvent = Schema<"ConsentEvent">;

const key = ["consents"] as const;

export function useConsents() {
  return useQuery({
    queryKey: key,
    queryFn: async () => (await unwrap(api.GET("/v1/me/consents"))) as { items: Consent[]; history: ConsentEvent[] },
  });
}

export function useGiveConsent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (network: Network) =>
      unwrap(api.POST("/v1/me/consents", { body: { network, content_type: "vacancy", scope: "my_department" } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}

export function useRevokeConsent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (consentId: string) =>
      unwrap(api.DELETE("/v1/me/consents/{consent_id}", { params: { path: { consent_id: consentId } } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
}
