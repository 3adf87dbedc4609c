"""The one seam through which product code reads the time.

In Lambda this is the system clock. The local cloud installs its own source (a clock that can be
advanced or run faster) so that schedules, handlers and fakes all see the same time; tests pass
`now` explicitly or install a fixed source. Nothing else in the product calls `datetime.now` or
`time.time` directly.
"""

import time as _system_time
from collections.abc import Callable
from datetime import UTC, datetime

_source: Callable[[], float] = _system_time.time


def time() -> float:
    """Seconds since the epoch, as `time.time()` gives them."""
    return _source()


def now() -> datetime:
    """The current moment, timezone-aware in UTC."""
    return datetime.fromtimestamp(_source(), UTC)


def install(source: Callable[[], float]) -> None:
    """Replace the time source (the local cloud and tests only)."""
    global _source
    _source = source


def reset() -> None:
    """Go back to the system clock."""
    install(_system_time.time)
