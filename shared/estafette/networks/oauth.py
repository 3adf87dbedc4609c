"""Connecting an employee's own account: OAuth 2.0 (LinkedIn, X) and Bluesky sessions.

Contracts:
- LinkedIn: learn.microsoft.com/linkedin/shared/authentication/authorization-code-flow
  (GET www.linkedin.com/oauth/v2/authorization, POST /oauth/v2/accessToken, 60-day access
  tokens; refresh tokens for approved partners: .../programmatic-refresh-tokens; POST
  /oauth/v2/revoke), Sign In with LinkedIn (OpenID) `GET /v2/userinfo` for the member id,
  `GET /rest/memberFollowersCount?q=me` for followers (scope r_member_profileAnalytics; asked
  only when granted). The token response's `scope` (comma-separated) is what was granted.
- X: docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token (GET x.com/i/oauth2/
  authorize with PKCE S256, POST api.x.com/2/oauth2/token, Basic auth for confidential
  clients, `offline.access` for a refresh token, POST /2/oauth2/revoke),
  `GET /2/users/me?user.fields=public_metrics`.
- Bluesky: com.atproto.server.createSession / refreshSession / deleteSession with an app
  password, app.bsky.actor.getProfile for followers.

Tokens pass through here in memory only; reprs and error reasons never carry them.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlencode

from estafette.networks.base import TIMEOUT_SECONDS, NetworkError, PermanentNetworkError, call, json_body

if TYPE_CHECKING:
    import httpx

# What the product uses each scope for. LinkedIn refuses the whole consent when the app asks for a
# scope it is not approved for (unauthorized_scope_error), so the scopes asked are configurable
# (the LinkedInScopes parameter, env LINKEDIN_SCOPES); what is missing is reported, not guessed.
SCOPE_USES: dict[str, dict[str, str]] = {
    "linkedin": {
        "openid": "sign-in",
        "profile": "sign-in",
        "w_member_social": "posting",
        "r_member_postAnalytics": "post_metrics",  # memberCreatorPostAnalytics
        "r_member_profileAnalytics": "followers",  # memberFollowersCount
    },
    "x": {"tweet.read": "post_metrics", "tweet.write": "posting", "users.read": "followers", "offline.access": "refresh"},
}
LINKEDIN_SCOPES = " ".join(SCOPE_USES["linkedin"])
X_SCOPES = " ".join(SCOPE_USES["x"])


def requested_scopes(network: str) -> str:
    """The scopes the consent asks for: LINKEDIN_SCOPES / X_SCOPES from the environment, else all the product uses."""
    default = " ".join(SCOPE_USES.get(network, {}))
    return " ".join(os.environ.get(f"{network.upper()}_SCOPES", default).replace(",", " ").split()) or default


def parse_scopes(scope: str) -> list[str]:
    """A token response's `scope`: LinkedIn separates with commas, X (RFC 6749) with spaces."""
    return sorted(set(scope.replace(",", " ").split()))


def missing_scopes(network: str, granted: Collection[str] | None, use: str | None = None) -> list[str]:
    """The scopes the product uses (for `use`, or for anything) that were not granted. None: unknown, nothing missing."""
    if granted is None:
        return []
    return [s for s, purpose in SCOPE_USES.get(network, {}).items() if (use is None or purpose == use) and s not in granted]


@dataclass(frozen=True)
class OAuthClient:
    client_id: str
    client_secret: str

    def __repr__(self) -> str:
        return f"OAuthClient(client_id={self.client_id!r})"


@dataclass(frozen=True)
class Grant:
    access_token: str
    refresh_token: str | None = None
    expires_in: int | None = None  # seconds
    refresh_expires_in: int | None = None
    scope: str = ""

    def __repr__(self) -> str:
        return f"Grant(expires_in={self.expires_in!r}, refreshable={self.refresh_token is not None})"


@dataclass(frozen=True)
class Profile:
    author_id: str  # what the posting adapter needs: person URN, X user id, DID
    handle: str = ""
    followers: int | None = None


class OAuthError(PermanentNetworkError):
    """The authorization server refused (invalid_grant, invalid_client...): `error` is its code."""

    def __init__(self, reason: str, *, status: int | None = None, error: str = "") -> None:
        super().__init__(reason, status=status)
        self.error = error


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge), RFC 7636."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


class OAuthProvider(Protocol):
    network: str

    def authorization_url(self, client: OAuthClient, redirect_uri: str, state: str, code_challenge: str) -> str: ...

    def exchange_code(self, client: OAuthClient, code: str, redirect_uri: str, code_verifier: str) -> Grant: ...

    def refresh(self, client: OAuthClient, refresh_token: str) -> Grant: ...

    def revoke(self, client: OAuthClient, token: str) -> None: ...

    def profile(self, access_token: str, granted: Collection[str] | None = None) -> Profile: ...


def _grant(network: str, response: httpx.Response) -> Grant:
    body = json_body(network, response)
    token = body.get("access_token")
    if not isinstance(token, str) or not token:
        raise PermanentNetworkError(f"{network}: no access_token in the token response")

    def seconds(key: str) -> int | None:
        value = body.get(key)
        return int(value) if isinstance(value, int | float | str) and str(value).isdigit() else None

    return Grant(
        token,
        body.get("refresh_token") or None,
        seconds("expires_in"),
        seconds("refresh_token_expires_in"),
        body.get("scope", ""),
    )


def _token_call(network: str, send) -> httpx.Response:  # type: ignore[no-untyped-def]
    """A token endpoint call; OAuth error bodies ({error, error_description}) become OAuthError."""
    try:
        return call(network, send)
    except PermanentNetworkError as exc:
        raise OAuthError(
            exc.reason, status=exc.status, error=exc.reason.split(" ")[2].rstrip(":") if exc.reason.count(" ") >= 2 else ""
        ) from None


class _PkceOAuth:
    """Authorization code with PKCE (S256): what LinkedIn and X share; each names its scopes and path."""

    network: str
    authorize_path: str

    @property
    def scopes(self) -> str:
        return requested_scopes(self.network)

    def __init__(self, api_base: str, auth_base: str, client: httpx.Client | None = None) -> None:
        import httpx

        self._api, self._auth = api_base.rstrip("/"), auth_base.rstrip("/")
        self._client = client or httpx.Client(timeout=TIMEOUT_SECONDS)

    def authorization_url(self, client: OAuthClient, redirect_uri: str, state: str, code_challenge: str) -> str:
        query = {
            "response_type": "code",
            "client_id": client.client_id,
            "redirect_uri": redirect_uri,
            "state": state,
            "scope": self.scopes,
            "code_challenge": code_challenge,
            "code_challenge_method": "S256",
        }
        return f"{self._auth}{self.authorize_path}?{urlencode(query)}"


class LinkedInOAuth(_PkceOAuth):
    network = "linkedin"
    authorize_path = "/oauth/v2/authorization"

    def _token(self, form: dict[str, str]) -> Grant:
        url = f"{self._auth}/oauth/v2/accessToken"
        return _grant(self.network, _token_call(self.network, lambda: self._client.post(url, data=form)))

    def exchange_code(self, client: OAuthClient, code: str, redirect_uri: str, code_verifier: str) -> Grant:
        return self._token(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": client.client_id,
                "client_secret": client.client_secret,
                "code_verifier": code_verifier,
            }
        )

    def refresh(self, client: OAuthClient, refresh_token: str) -> Grant:
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": client.client_id,
            "client_secret": client.client_secret,
        }
        return self._token(form)

    def revoke(self, client: OAuthClient, token: str) -> None:
        form = {"client_id": client.client_id, "client_secret": client.client_secret, "token": token}
        call(self.network, lambda: self._client.post(f"{self._auth}/oauth/v2/revoke", data=form))

    def profile(self, access_token: str, granted: Collection[str] | None = None) -> Profile:
        from estafette.networks.linkedin_version import configured

        headers = {"Authorization": f"Bearer {access_token}"}
        info = json_body(self.network, call(self.network, lambda: self._client.get(f"{self._api}/v2/userinfo", headers=headers)))
        sub = info.get("sub")
        if not sub:
            raise PermanentNetworkError("linkedin: no sub in userinfo")
        followers = None
        if missing_scopes(self.network, granted, "followers"):
            return Profile(f"urn:li:person:{sub}", info.get("name", ""), None)  # not granted: unknown, not asked
        versioned = {**headers, "LinkedIn-Version": configured(), "X-Restli-Protocol-Version": "2.0.0"}
        try:
            body = json_body(
                self.network,
                call(
                    self.network,
                    lambda: self._client.get(f"{self._api}/rest/memberFollowersCount", params={"q": "me"}, headers=versioned),
                ),
            )
            elements = body.get("elements") or []
            if elements and isinstance(elements[0].get("memberFollowersCount"), int):
                followers = elements[0]["memberFollowersCount"]
        except NetworkError:
            followers = None  # not every app may read follower counts: unknown, not a failed connection
        return Profile(f"urn:li:person:{sub}", info.get("name", ""), followers)


class XOAuth(_PkceOAuth):
    network = "x"
    authorize_path = "/i/oauth2/authorize"

    def _post(self, path: str, client: OAuthClient, form: dict[str, str]) -> httpx.Response:
        auth = (client.client_id, client.client_secret)
        return _token_call(self.network, lambda: self._client.post(f"{self._api}{path}", data=form, auth=auth))

    def exchange_code(self, client: OAuthClient, code: str, redirect_uri: str, code_verifier: str) -> Grant:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": code_verifier,
            "client_id": client.client_id,
        }
        return _grant(self.network, self._post("/2/oauth2/token", client, form))

    def refresh(self, client: OAuthClient, refresh_token: str) -> Grant:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client.client_id}
        return _grant(self.network, self._post("/2/oauth2/token", client, form))

    def revoke(self, client: OAuthClient, token: str) -> None:
        self._post("/2/oauth2/revoke", client, {"token": token, "token_type_hint": "access_token", "client_id": client.client_id})

    def profile(self, access_token: str, granted: Collection[str] | None = None) -> Profile:
        headers = {"Authorization": f"Bearer {access_token}"}
        body = json_body(
            self.network,
            call(
                self.network,
                lambda: self._client.get(f"{self._api}/2/users/me", params={"user.fields": "public_metrics"}, headers=headers),
            ),
        )
        data = body.get("data") or {}
        if not data.get("id"):
            raise PermanentNetworkError("x: no data.id in users/me")
        followers = (data.get("public_metrics") or {}).get("followers_count")
        return Profile(str(data["id"]), data.get("username", ""), int(followers) if isinstance(followers, int) else None)


def bluesky_profile(api_base: str, access_jwt: str, did: str, client: httpx.Client | None = None) -> int | None:
    """The account's follower count, or None when the PDS cannot tell."""
    import httpx

    http = client or httpx.Client(timeout=TIMEOUT_SECONDS)
    url = f"{api_base.rstrip('/')}/xrpc/app.bsky.actor.getProfile"
    try:
        body = json_body(
            "bluesky",
            call("bluesky", lambda: http.get(url, params={"actor": did}, headers={"Authorization": f"Bearer {access_jwt}"})),
        )
    except NetworkError:
        return None
    count = body.get("followersCount")
    return int(count) if isinstance(count, int) else None


def bluesky_delete_session(api_base: str, refresh_jwt: str, client: httpx.Client | None = None) -> None:
    """Ends the session at the PDS: its refresh token (and the access tokens it issued) stop working."""
    import httpx

    http = client or httpx.Client(timeout=TIMEOUT_SECONDS)
    url = f"{api_base.rstrip('/')}/xrpc/com.atproto.server.deleteSession"
    call("bluesky", lambda: http.post(url, headers={"Authorization": f"Bearer {refresh_jwt}"}), ("ExpiredToken", "InvalidToken"))
