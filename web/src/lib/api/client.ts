// The one API client: openapi-fetch typed by the generated schema (src/lib/api/schema.d.ts).
// Every request carries the bearer token and the reader's language (the API answers its
// messages, such as the credibility guard's reasons, in the Accept-Language it is sent).
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "@/lib/api/schema";
import { currentSession, endSession } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { currentLanguage } from "@/lib/i18n/i18n";

const auth: Middleware = {
  onRequest({ request }) {
    const session = currentSession();
    if (session) request.headers.set("Authorization", `Bearer ${session.token}`);
    request.headers.set("Accept-Language", currentLanguage());
    return request;
  },
  onResponse({ response }) {
    // An expired or revoked token: sign out; the router sends the person to sign in again.
    if (response.status === 401 && currentSession()) endSession();
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: config().apiBaseUrl || window.location.origin,
  // Late-bound, so tests can replace globalThis.fetch.
  fetch: (request: Request) => globalThis.fetch(request),
});
api.use(auth);
