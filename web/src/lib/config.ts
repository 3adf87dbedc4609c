// What the deployment tells the app about itself: `/config.json`, written next to the build.
// Locally the local cloud serves it; deployed, the SAM stack writes it into the app bucket.

export type AuthConfig =
  | { mode: "local" }
  | { mode: "oidc"; issuer: string; clientId: string; audience?: string; scope?: string };

export interface AppConfig {
  apiBaseUrl: string; // "" = the app's own origin (the API sits behind the same host)
  trackedLinkBaseUrl?: string; // where /r/{code} links point; "" = the app's own origin
  auth: AuthConfig;
}

let current: AppConfig = { apiBaseUrl: "", auth: { mode: "local" } };

export async function loadConfig(): Promise<AppConfig> {
  try {
    const response = await fetch("/config.json", { headers: { Accept: "application/json" } });
    if (response.ok) current = { ...current, ...((await response.json()) as Partial<AppConfig>) };
  } catch {
    // No config: the defaults (same-origin API, local sign-in) apply.
  }
  return current;
}

export function config(): AppConfig {
  return current;
}

export function setConfig(next: AppConfig): void {
  current = next;
}
