import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { unwrap } from "@/lib/api/errors";
import type { Network } from "@/lib/networks";

export interface Consent {
  consent_id: string;
  network: Network;
  content_type: string;
  scope: string;
  department: string;
  status: "active" | "revoked";
  given_at: string;
  revoked_at?: string | null;
}

export interface ConsentEvent {
  at: string;
  action: "given" | "revoked";
  reason: string;
  consent_id: string;
  network: Network;
  department: string;
}

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
