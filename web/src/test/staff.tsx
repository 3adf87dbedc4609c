// Test helpers for the curator and admin screens: a fake API behind fetch, and a screen rendered with
// the app's providers (query client, router, i18n) around it.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import { initI18n, setLanguage, type Language } from "@/lib/i18n/i18n";

export type Handler = (request: Request, url: URL) => Response | Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

/** Answers "METHOD /path" from `routes`; anything else is a 404 in the API's shape. Returns the calls made. */
export function fakeApi(routes: Record<string, Handler>): Request[] {
  const calls: Request[] = [];
  globalThis.fetch = vi.fn(async (input: RequestInfo | URL) => {
    const request = input instanceof Request ? input : new Request(String(input));
    const url = new URL(request.url);
    calls.push(request.clone());
    const handler = routes[`${request.method} ${url.pathname}`];
    return handler ? handler(request, url) : json(404, { error: { code: "route_not_found", message: "no route" } });
  }) as typeof fetch;
  return calls;
}

export function renderScreen(ui: ReactElement, { path = "/", language = "en" }: { path?: string; language?: Language } = {}) {
  initI18n(language);
  setLanguage(language);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}
