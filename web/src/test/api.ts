// A stand-in for the HTTP API in component tests: "METHOD /path" → a JSON body (or a function of the
// request). Every request is recorded, with its parsed JSON body, so tests can assert what was sent.
import { vi } from "vitest";

type Answer = unknown | ((request: { body: unknown; url: URL }) => unknown);
export interface Recorded {
  method: string;
  path: string;
  body: unknown;
  headers: Headers;
}

export function mockApi(routes: Record<string, Answer | { status: number; body: unknown }>): Recorded[] {
  const calls: Recorded[] = [];
  vi.stubGlobal("fetch", async (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(input, window.location.origin), init);
    const url = new URL(request.url);
    const text = await request.text();
    const body = text ? JSON.parse(text) : undefined;
    calls.push({ method: request.method, path: url.pathname, body, headers: request.headers });
    const key = `${request.method} ${url.pathname}`;
    if (!(key in routes)) return new Response(JSON.stringify({ message: "Not Found" }), { status: 404 });
    let answer = routes[key];
    if (typeof answer === "function") answer = (answer as (r: { body: unknown; url: URL }) => unknown)({ body, url });
    // {status, body} (exactly those two keys) sets the status; anything else is a 200 body.
    const wrapped = !!answer && typeof answer === "object" && Object.keys(answer).sort().join() === "body,status";
    const status = wrapped ? (answer as { status: number }).status : 200;
    const payload = wrapped ? (answer as { body: unknown }).body : answer;
    return new Response(JSON.stringify(payload), { status, headers: { "Content-Type": "application/json" } });
  });
  return calls;
}
