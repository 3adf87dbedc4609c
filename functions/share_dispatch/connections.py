"""An employee's network connections: connect, list, refresh, disconnect. Tokens never leave sealed.

- LinkedIn and X connect with OAuth 2.0 authorization code + PKCE: `start` stores a one-use
  `state` (hashed) with the PKCE verifier for ten minutes and returns the network's
  authorization URL; `complete` (the public callback) takes the state in one atomic delete,
  exchanges the code and stores the tokens. A forged, reused or expired state stores nothing.
- Bluesky connects with the handle and an app password (createSession). The app password is
  used once and never stored; the session's tokens are.
- Tokens are sealed with KMS envelope encryption (`estafette.tokens`), never logged or returned.
- Expiry: `reconnect_by` is when the employee must sign in again (the refresh token's end
  where the network gives one, else the access token's). The connection sits in the WARN
  index on the day `ConnectionExpiring` is due; `expiry.warn_due` emits it.
- Scopes: the consent asks for what the product uses (`oauth.requested_scopes`); what the network
  granted is stored with the connection (`scopes`), and the public view names what is missing and
  what that costs (`missing_scopes`: post metrics, follower count), so reports can say so instead
  of showing zeros. Followers are asked only when the scope was granted; else they are unknown.
- OAuth client ids and secrets come from Secrets Manager (`estafette/oauth/<network>`, JSON
  `{"client_id", "client_secret"}`), cached for five minutes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from estafette import clock, people, settings, tokens
from estafette.domain import Network
from estafette.errors import ApiError, Conflict, NotFound, Unavailable, Unprocessable
from estafette.networks import API_NETWORKS
from estafette.networks.base import NetworkError, PermanentNetworkError, RateLimited, TokenExpired, TransientNetworkError
from estafette.networks.oauth import (
    SCOPE_USES,
    Grant,
    OAuthClient,
    OAuthProvider,
    Profile,
    missing_scopes,
    parse_scopes,
    pkce_pair,
)
from estafette.observability import logger_for
from share_dispatch import messages as _messages  # noqa: F401  (registers the codes)
from share_dispatch import store
from share_dispatch.config import config

logger = logger_for("share_dispatch")
OAUTH_NETWORKS = ("linkedin", "x")
SECRET_MAX_AGE_SECONDS = 300
# Refresh an access token this long before it runs out, so a post never starts with a dying token.
REFRESH_MARGIN = timedelta(minutes=5)


class OAuthFailed(ApiError):
    status = 400


# --- wiring to the networks -----------------------------------------------------------------


def oauth_client(network: str) -> OAuthClient:
    from estafette.aws import SecretError, get_secret

    try:
        secret = get_secret(f"{config().oauth_secret_prefix}{network}", transform="json", max_age=SECRET_MAX_AGE_SECONDS)
    except SecretError:
        raise Conflict("oauth_not_configured", network=network) from None
    if not isinstance(secret, dict) or not secret.get("client_id"):
        raise Conflict("oauth_not_configured", network=network)
    return OAuthClient(str(secret["client_id"]), str(secret.get("client_secret", "")))


def provider(network: str) -> OAuthProvider:
    from estafette.networks.oauth import LinkedInOAuth, XOAuth

    c = config()
    if network == "linkedin":
        return LinkedInOAuth(c.linkedin_api_base_url, c.linkedin_auth_base_url)
    if network == "x":
        return XOAuth(c.x_api_base_url, c.x_auth_base_url)
    raise ValueError(f"{network} does not connect with OAuth")


def bluesky() -> Any:
    from estafette.networks.bluesky import BlueskyAdapter

    return BlueskyAdapter(config().bluesky_api_base_url)


# --- storing a connection -------------------------------------------------------------------


def _at(moment: datetime | None) -> str | None:
    return store.stamp(moment) if moment else None


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def connect(
    org_id: str,
    employee_id: str,
    network: Network,
    *,
    access_token: str,
    author_id: str,
    followers: int | None = 0,
    expires_at: datetime | None = None,
    refresh_token: str | None = None,
    refresh_expires_at: datetime | None = None,
    handle: str = "",
    scopes: list[str] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Seal and store an employee's tokens for one network; returns the public view."""
    now = now or clock.now()
    key_id = config().token_key_id
    reconnect_by = refresh_expires_at if refresh_token else expires_at
    connection: dict[str, Any] = {
        "network": network.value,
        "org_id": org_id,
        "employee_id": employee_id,
        "author_id": author_id,
        "handle": handle,
        "followers": followers,
        "status": "active",
        "token": tokens.seal(access_token, org_id, key_id),
        "connected_at": store.stamp(now),
        "expires_at": _at(expires_at),
        "refresh_expires_at": _at(refresh_expires_at),
        "reconnect_by": _at(reconnect_by),
        "scopes": scopes,
        "version": 0,
    }
    if refresh_token:
        connection["refresh"] = tokens.seal(refresh_token, org_id, key_id)
    connection.update(_warn_keys(org_id, employee_id, network.value, reconnect_by))
    store.put_connection(org_id, employee_id, network.value, {k: v for k, v in connection.items() if v is not None})
    return public_view(connection)


def _warn_keys(org_id: str, employee_id: str, network: str, reconnect_by: datetime | None) -> dict[str, str]:
    if reconnect_by is None:
        return {}
    days = settings.for_org(org_id).guard.connection_warning_days
    warn_on = (reconnect_by - timedelta(days=days)).date().isoformat()
    return {"gsi1pk": f"WARN#{warn_on}", "gsi1sk": f"{org_id}#{employee_id}#{network}"}


def _store_grant(org_id: str, employee_id: str, network: Network, grant: Grant, profile: Profile, now: datetime) -> dict:
    return connect(
        org_id,
        employee_id,
        network,
        access_token=grant.access_token,
        author_id=profile.author_id,
        handle=profile.handle,
        followers=profile.followers,
        expires_at=now + timedelta(seconds=grant.expires_in) if grant.expires_in else None,
        refresh_token=grant.refresh_token,
        refresh_expires_at=now + timedelta(seconds=grant.refresh_expires_in) if grant.refresh_expires_in else None,
        scopes=granted_scopes(grant),
        now=now,
    )


def granted_scopes(grant: Grant) -> list[str] | None:
    """What the network granted, from the token response; None when it did not say."""
    return parse_scopes(grant.scope) if grant.scope else None


def missing_by_use(connection: dict[str, Any]) -> dict[str, list[str]]:
    """{use: [scopes]} the product needs for a use (post_metrics, followers...) and this connection lacks."""
    granted = connection.get("scopes")
    if granted is None:
        return {}
    missing: dict[str, list[str]] = {}
    for scope in missing_scopes(connection["network"], set(granted)):
        missing.setdefault(SCOPE_USES[connection["network"]][scope], []).append(scope)
    return missing


def public_view(connection: dict[str, Any]) -> dict[str, Any]:
    """What an employee may see of a connection: never a token."""
    view = {
        "network": connection["network"],
        "status": connection.get("status", "active"),
        "account": connection.get("author_id"),
        "name": connection.get("handle") or None,
        "followers": int(connection["followers"]) if connection.get("followers") is not None else None,
        "connected_at": connection.get("connected_at"),
        "expires_at": connection.get("expires_at"),
        "reconnect_by": connection.get("reconnect_by"),
        "refreshable": "refresh" in connection,
        "scopes": sorted(connection["scopes"]) if connection.get("scopes") is not None else None,
        "missing_scopes": missing_by_use(connection) or None,
    }
    return {k: v for k, v in view.items() if v is not None}


# --- the routes' domain ---------------------------------------------------------------------


@dataclass(frozen=True)
class BlueskyLogin:
    identifier: str
    app_password: str

    def __repr__(self) -> str:
        return f"BlueskyLogin(identifier={self.identifier!r})"


def start(org_id: str, employee_id: str, network: Network, login: BlueskyLogin | None = None) -> tuple[int, dict[str, Any]]:
    """Begin connecting: OAuth networks get an authorization URL; Bluesky connects at once."""
    if network.value not in API_NETWORKS:
        raise Unprocessable("network_needs_no_connection", field="network", network=network.value)
    if network is Network.BLUESKY:
        if login is None:
            raise Unprocessable("validation_failed", field="app_password", reason="a Bluesky handle and app password are needed")
        return 201, connect_bluesky(org_id, employee_id, login)
    client = oauth_client(network.value)
    state = secrets.token_urlsafe(32)
    verifier, challenge = pkce_pair()
    redirect_uri = config().redirect_uri(network.value)
    store.put_oauth_state(
        state,
        {"org_id": org_id, "employee_id": employee_id, "network": network.value, "code_verifier": verifier},
        config().oauth_state_seconds,
    )
    url = provider(network.value).authorization_url(client, redirect_uri, state, challenge)
    expires = clock.now() + timedelta(seconds=config().oauth_state_seconds)
    return 200, {"network": network.value, "authorization_url": url, "state": state, "expires_at": store.stamp(expires)}


def complete(network: str, *, state: str | None, code: str | None, error: str | None) -> dict[str, Any]:
    """The OAuth callback: exactly one use of a state we issued, for this network, or nothing is stored."""
    if network not in OAUTH_NETWORKS:
        raise NotFound(what=f"Network {network}")
    record = store.take_oauth_state(state) if state else None
    if record is None or record.get("network") != network:
        raise OAuthFailed("oauth_state_invalid", field="state", network=network)
    if error or not code:
        raise OAuthFailed("oauth_denied", field="code", network=network, reason=(error or "no code")[:80])
    org_id, employee_id = record["org_id"], record["employee_id"]
    now = clock.now()
    try:
        client = oauth_client(network)
        oauth = provider(network)
        grant = oauth.exchange_code(client, code, config().redirect_uri(network), record["code_verifier"])
        profile = oauth.profile(grant.access_token, granted_scopes(grant))
    except (TransientNetworkError, RateLimited):
        raise Unavailable("network_unavailable", network=network) from None
    except NetworkError as exc:
        raise OAuthFailed("oauth_exchange_failed", field="code", network=network, reason=exc.reason[:120]) from None
    if people.has_left(org_id, employee_id):
        raise OAuthFailed("employee_left")  # left between starting and finishing: store nothing
    view = _store_grant(org_id, employee_id, Network(network), grant, profile, now)
    logger.info("network connected", extra={"org_id": org_id, "network": network})
    return {**view, "employee_id": employee_id}


def connect_bluesky(org_id: str, employee_id: str, login: BlueskyLogin) -> dict[str, Any]:
    from estafette.networks.oauth import bluesky_profile

    adapter = bluesky()
    try:
        session = adapter.create_session(login.identifier, login.app_password)
    except (TransientNetworkError, RateLimited):
        raise Unavailable("network_unavailable", network="bluesky") from None
    except NetworkError:
        raise Unprocessable("bluesky_login_failed", field="app_password") from None
    followers = bluesky_profile(config().bluesky_api_base_url, session.access_jwt, session.did)
    now = clock.now()
    return connect(
        org_id,
        employee_id,
        Network.BLUESKY,
        access_token=session.access_jwt,
        author_id=session.did,
        handle=session.handle,
        followers=followers,
        refresh_token=session.refresh_jwt,
        now=now,
    )


def list_for(org_id: str, employee_id: str) -> list[dict[str, Any]]:
    """Every network: connected ones with their status, the others with what connecting takes."""
    connected = {c["network"]: public_view(c) for c in store.list_connections(org_id, employee_id)}
    items = []
    for network in Network:
        if network.value in connected:
            items.append(connected[network.value])
        elif network.value in API_NETWORKS:
            items.append({"network": network.value, "status": "not_connected"})
        else:
            items.append({"network": network.value, "status": "share_link", "followers": None})
    return items


def disconnect(org_id: str, employee_id: str, network: Network, reason: str = "employee") -> dict[str, Any]:
    """Revoke at the network where it supports that, then forget the tokens."""
    connection = store.get_connection(org_id, employee_id, network.value, any_status=True)
    if connection is None:
        raise NotFound("connection_not_found", network=network.value)
    revoked = revoke_at_network(org_id, connection)
    store.delete_connection(org_id, employee_id, network.value)
    logger.info("network disconnected", extra={"org_id": org_id, "network": network.value, "reason": reason})
    return {"network": network.value, "status": "disconnected", "revoked_at_network": revoked}


def revoke_at_network(org_id: str, connection: dict[str, Any]) -> bool:
    """True when the network confirmed; False when it has no revocation or refused a dead token.

    A network that is down or rate-limiting raises TransientNetworkError/RateLimited: the caller
    retries later rather than forgetting tokens that still work.
    """
    from estafette.networks.oauth import bluesky_delete_session

    network = connection["network"]
    try:
        if network == "bluesky":
            if "refresh" not in connection:
                return False
            bluesky_delete_session(config().bluesky_api_base_url, tokens.open_sealed(connection["refresh"], org_id))
            return True
        if network in OAUTH_NETWORKS:
            provider(network).revoke(oauth_client(network), tokens.open_sealed(connection["token"], org_id))
            return True
    except (TokenExpired, PermanentNetworkError):
        return False  # already dead at the network
    except Conflict:
        return False  # no OAuth app configured: nothing to revoke with
    return False


# --- keeping tokens fresh (the dispatch worker) ---------------------------------------------


def access_token(
    org_id: str, connection: dict[str, Any], *, force_refresh: bool = False, now: datetime | None = None
) -> str | None:
    """A usable access token: the stored one, or a refreshed one when it ran out (or was refused).

    None when the connection cannot be refreshed (the employee must reconnect).
    """
    now = now or clock.now()
    expires = _parse(connection.get("expires_at"))
    if not force_refresh and (expires is None or expires - REFRESH_MARGIN > now):
        return tokens.open_sealed(connection["token"], org_id)
    if "refresh" not in connection:
        return None if force_refresh or (expires and expires <= now) else tokens.open_sealed(connection["token"], org_id)
    return _refresh(org_id, connection, now)


def _refresh(org_id: str, connection: dict[str, Any], now: datetime) -> str | None:
    network = connection["network"]
    refresh_token = tokens.open_sealed(connection["refresh"], org_id)
    try:
        if network == "bluesky":
            session = bluesky().refresh_session(refresh_token)
            grant = Grant(session.access_jwt, session.refresh_jwt)
        else:
            grant = provider(network).refresh(oauth_client(network), refresh_token)
    except (TokenExpired, PermanentNetworkError):
        # Refresh tokens may rotate: another worker may have refreshed first. Its tokens are good.
        current = store.get_connection(org_id, connection["employee_id"], network)
        if current and current.get("version", 0) != connection.get("version", 0):
            return tokens.open_sealed(current["token"], org_id)
        return None
    key_id = config().token_key_id
    changes: dict[str, Any] = {"token": tokens.seal(grant.access_token, org_id, key_id), "refreshed_at": store.stamp(now)}
    remove = []
    if grant.expires_in:
        changes["expires_at"] = store.stamp(now + timedelta(seconds=grant.expires_in))
    else:
        remove.append("expires_at")
    if grant.refresh_token:
        changes["refresh"] = tokens.seal(grant.refresh_token, org_id, key_id)
    if not store.replace_tokens(connection, changes, remove):
        current = store.get_connection(org_id, connection["employee_id"], network)
        return tokens.open_sealed(current["token"], org_id) if current else None
    return grant.access_token
