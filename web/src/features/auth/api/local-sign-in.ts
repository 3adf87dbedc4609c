// The local cloud's "sign in as": GET /local/people lists the demo organisation's people and
// POST /local/tokens mints their token. Neither exists in a deployed stack (not in the OpenAPI document).
import { sessionFromToken, startSession, type Role } from "@/lib/auth/session";

export interface LocalPerson {
  sub: string;
  name: string;
  department: string;
  language: string;
  roles: Role[];
  org_id: string;
}

export async function listLocalPeople(): Promise<LocalPerson[]> {
  const response = await fetch("/local/people", { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return ((await response.json()) as { items: LocalPerson[] }).items;
}

export async function signInAs(person: LocalPerson): Promise<void> {
  const response = await fetch("/local/tokens", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ sub: person.sub, org_id: person.org_id, roles: person.roles }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  startSession(sessionFromToken(token, person.name));
}
