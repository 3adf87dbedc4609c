"""Webhook signatures: HMAC-SHA256, constant-time comparison, replay windows.

Each provider decides what its MAC covers and where it sits (see `providers/`); this module
holds what they share:

- `matches(candidates, secrets, message)`: does any candidate equal HMAC-SHA256(secret, message)
  for any active secret? Up to two secrets are active at once, so an org rotates without downtime.
  Every comparison is `hmac.compare_digest`.
- `stale(timestamp, now)`: a signed send time more than five minutes from now is a replay (or a
  broken clock) and is refused.

The generic provider's header is `X-Estafette-Signature: t=<unix seconds>,v1=<hex>` with the MAC
over f"{t}.{raw body}" (`sign` and `parse_header`).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Sequence

TOLERANCE_SECONDS = 300

NO_SECRET = "no secret is configured for this provider"
MISSING = "the signature header is missing or malformed"
MISMATCH = "the signature does not match any active secret"
STALE = "the signed timestamp is more than 5 minutes from now (a replay or a wrong clock)"


def mac(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def matches(candidates: Iterable[str], secrets: Sequence[str], message: bytes) -> bool:
    given = [c.strip().lower() for c in candidates if c]
    found = False
    for secret in secrets:
        expected = mac(secret, message)
        for candidate in given:
            # No early exit: every pair is compared, so timing says nothing about which one matched.
            found |= hmac.compare_digest(expected, candidate)
    return found


def stale(timestamp: int, now: float) -> bool:
    return abs(now - timestamp) > TOLERANCE_SECONDS


def parse_timestamp(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 12 else None


# --- the generic provider's header --------------------------------------------------------


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={mac(secret, f'{timestamp}.'.encode() + body)}"


def parse_header(header: str) -> tuple[int, list[str]] | None:
    timestamp: int | None = None
    macs: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            timestamp = parse_timestamp(value)
        elif key == "v1" and value:
            macs.append(value)
    return (timestamp, macs) if timestamp is not None and macs else None


def verify(header: str | None, body: bytes, secrets: Sequence[str], now: float) -> str | None:
    """Why the generic signature is not valid, or None when it is."""
    if not secrets:
        return NO_SECRET
    parsed = parse_header(header or "")
    if parsed is None:
        return MISSING
    timestamp, macs = parsed
    if not matches(macs, secrets, f"{timestamp}.".encode() + body):
        return MISMATCH
    return STALE if stale(timestamp, now) else None
