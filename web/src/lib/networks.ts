// The networks Estafette shares to, and how each one is reached.
export const NETWORKS = ["linkedin", "x", "bluesky", "whatsapp", "facebook", "xing"] as const;
export type Network = (typeof NETWORKS)[number];

/** Posted through the network's API with the employee's own connection. */
export const API_NETWORKS: readonly Network[] = ["linkedin", "x", "bluesky"];
/** No posting API for personal profiles: the employee finishes in the network's own share screen. */
export const INTENT_NETWORKS: readonly Network[] = ["whatsapp", "facebook", "xing"];
/** Connected through OAuth (authorization code + PKCE); Bluesky uses an app password. */
export const OAUTH_NETWORKS: readonly Network[] = ["linkedin", "x"];

export function isNetwork(value: unknown): value is Network {
  return typeof value === "string" && (NETWORKS as readonly string[]).includes(value);
}
