"""The caller, as the HTTP API's JWT authorizer vouches for them.

API Gateway validates the token (signature, issuer, audience, expiry) before the
function runs and passes the claims in `requestContext.authorizer.jwt.claims`. The
function's job is the role check and scoping every read and write to `org_id`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from estafette.domain import Role
from estafette.errors import Forbidden, Unauthorized


@dataclass(frozen=True)
class Caller:
    sub: str
    org_id: str
    roles: frozenset[Role]

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


def _parse_roles(raw: Any) -> frozenset[Role]:
    # HTTP APIs flatten array claims to a string such as "[employee curator]".
    if isinstance(raw, str):
        raw = raw.strip().strip("[]").replace(",", " ").split()
    if not isinstance(raw, list | tuple):
        return frozenset()
    known = {r.value for r in Role}
    return frozenset(Role(str(r).strip("\"'")) for r in raw if str(r).strip("\"'") in known)


def caller_from_claims(claims: dict[str, Any] | None) -> Caller:
    if not claims:
        raise Unauthorized()
    sub, org_id = claims.get("sub"), claims.get("org_id")
    if not isinstance(sub, str) or not sub or not isinstance(org_id, str) or not org_id:
        raise Unauthorized()
    return Caller(sub=sub, org_id=org_id, roles=_parse_roles(claims.get("roles")))


def caller_from_event(event: dict[str, Any]) -> Caller:
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("jwt", {}).get("claims")
    return caller_from_claims(claims)


def require_role(caller: Caller, *roles: Role) -> Caller:
    """Admins may do what curators may; everyone else needs one of the listed roles."""
    allowed = set(roles)
    if Role.CURATOR in allowed:
        allowed.add(Role.ADMIN)
    if not caller.roles.intersection(allowed):
        raise Forbidden(roles=", ".join(sorted(r.value for r in roles)))
    return caller
