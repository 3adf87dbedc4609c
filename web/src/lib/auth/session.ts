// The signed-in person: the bearer token the API checks, and the claims the app reads from it
// (sub, org_id, roles). The token lives in sessionStorage, so it ends with the browser tab.
import { useSyncExternalStore } from "react";

export type Role = "employee" | "curator" | "admin";

export interface Session {
  token: string;
  sub: string;
  orgId: string;
  roles: Role[];
  expiresAt: number; // epoch seconds
  name?: string;
}

const KEY = "estafette.session";
const listeners = new Set<() => void>();
let cached: Session | null | undefined;

function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split(".")[1] ?? "";
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
  const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  return JSON.parse(json) as Record<string, unknown>;
}

function rolesOf(value: unknown): Role[] {
  // The IdP may send roles as a JSON array or as one space-separated string.
  const list = Array.isArray(value) ? value : typeof value === "string" ? value.split(/[\s,]+/) : [];
  return list.filter((r): r is Role => r === "employee" || r === "curator" || r === "admin");
}

export function sessionFromToken(token: string, name?: string): Session {
  const claims = decodeClaims(token);
  return {
    token,
    sub: String(claims.sub ?? ""),
    orgId: String(claims.org_id ?? ""),
    roles: rolesOf(claims.roles),
    expiresAt: Number(claims.exp ?? 0),
    name,
  };
}

function read(): Session | null {
  if (cached !== undefined) return cached;
  try {
    const raw = sessionStorage.getItem(KEY);
    cached = raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    cached = null;
  }
  return cached;
}

export function currentSession(): Session | null {
  const session = read();
  if (session && session.expiresAt * 1000 <= Date.now()) return null;
  return session;
}

export function startSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  cached = session;
  listeners.forEach((l) => l());
}

export function endSession(): void {
  sessionStorage.removeItem(KEY);
  cached = null;
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, currentSession, currentSession);
}

export function hasRole(session: Session | null, role: Role): boolean {
  if (!session) return false;
  if (role === "employee") return session.roles.length > 0;
  return session.roles.includes(role) || (role === "curator" && session.roles.includes("admin"));
}
