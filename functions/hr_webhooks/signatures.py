"""Webhook signatures: HMAC-SHA256 over the timestamp and the raw body, with replay protection.

Header (generic provider): `X-Estafette-Signature: t=<unix seconds>,v1=<hex>` where the MAC is
HMAC-SHA256(secret, f"{t}.{raw body}"). A timestamp more than five minutes from now is a
replay or a broken clock and is refused. Up to two secrets can be active at once, so an org
rotates its secret without downtime. Comparison is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def parse_header(header: str) -> tuple[int, list[str]] | None:
    timestamp: int | None = None
    macs: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            macs.append(value)
    return (timestamp, macs) if timestamp is not None and macs else None


def verify(header: str | None, body: bytes, secrets: Sequence[str], now: float) -> bool:
    if not header or not secrets:
        return False
    parsed = parse_header(header)
    if parsed is None:
        return False
    timestamp, macs = parsed
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    for secret in secrets:
        expected = sign(secret, timestamp, body).split("v1=", 1)[1]
        if any(hmac.compare_digest(expected, mac) for mac in macs):
            return True
    return False
