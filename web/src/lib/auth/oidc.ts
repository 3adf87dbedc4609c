// Deployed sign-in: OIDC authorization code + PKCE against the customer's IdP, the same issuer and
// audience the HTTP API's JWT authorizer checks. oidc-client-ts is loaded only when it is used.
import { config } from "@/lib/config";
import { sessionFromToken, startSession } from "@/lib/auth/session";

async function manager() {
  const auth = config().auth;
  if (auth.mode !== "oidc") throw new Error("OIDC sign-in is not configured");
  const { UserManager, WebStorageStateStore } = await import("oidc-client-ts");
  return new UserManager({
    authority: auth.issuer,
    client_id: auth.clientId,
    redirect_uri: `${window.location.origin}/auth/callback`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: "code", // PKCE is always on in oidc-client-ts for the code flow
    scope: auth.scope ?? "openid profile email",
    extraQueryParams: auth.audience ? { audience: auth.audience } : undefined,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

export async function signInWithIdp(next: string): Promise<void> {
  await (await manager()).signinRedirect({ state: { next } });
}

export async function completeIdpSignIn(): Promise<string> {
  const user = await (await manager()).signinRedirectCallback();
  startSession(sessionFromToken(user.access_token, user.profile.name ?? undefined));
  const state = user.state as { next?: string } | undefined;
  return state?.next && state.next.startsWith("/") ? state.next : "/feed";
}
