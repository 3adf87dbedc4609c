"""Stand-ins for third-party services, for tests and the local cloud."""

from __future__ import annotations

from typing import Any

__all__ = ["FakeNetwork"]


def __getattr__(name: str) -> Any:
    # Lazy, so `python -m local.fakes.networks` does not import the module twice.
    if name == "FakeNetwork":
        from local.fakes.networks import FakeNetwork

        return FakeNetwork
    raise AttributeError(name)
