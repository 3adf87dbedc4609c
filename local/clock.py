"""The local cloud's clock: one time for handlers, schedules and fakes, which can be moved.

    virtual time = real time × speed since the anchor + every advance so far

`make run SPEED=60` makes a virtual minute pass in a real second; `POST /local/clock
{"advance": "P1D"}` jumps a day ahead. Time never goes backwards. The clock is installed into
`estafette.clock`, the one seam product code reads the time through, so a digest due at 08:00 or
a LinkedIn token that expires in 60 days comes due on this clock, not the wall clock.

What survives a restart is the clock's lead over the wall clock: after a night's stop, the
virtual time has moved on by the night too, as the real world would have.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from estafette import clock as product_clock

# ISO 8601 durations: P[nY][nM][nW][nD][T[nH][nM][nS]]. Years and months have no fixed length;
# they are refused rather than guessed.
_DURATION = re.compile(
    r"P(?!$)(?:(?P<weeks>\d+(?:\.\d+)?)W)?(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)
_SECONDS = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}
MAX_ADVANCE_SECONDS = 366 * 86400


class DurationError(ValueError):
    pass


def parse_duration(text: str) -> float:
    """Seconds in an ISO 8601 duration such as PT1H, P1D, P1W or P1DT12H30M; refuses anything else."""
    if not isinstance(text, str):
        raise DurationError("advance must be an ISO 8601 duration string such as PT1H or P1D")
    stripped = text.strip().upper()
    if stripped.startswith("-"):
        raise DurationError("the clock only moves forward: a negative duration would go back in time")
    if stripped.startswith("P") and re.search(r"[YM]", stripped[1:].split("T", 1)[0]):
        raise DurationError("years and months have no fixed length: use weeks (P1W), days (P30D) or hours (PT1H)")
    match = _DURATION.fullmatch(stripped)
    if match is None:
        raise DurationError(f"{text!r} is not an ISO 8601 duration such as PT1H, PT30M, P1D or P1W")
    seconds = sum(float(value) * _SECONDS[name] for name, value in match.groupdict().items() if value)
    if seconds <= 0:
        raise DurationError("the duration must be longer than zero")
    if seconds > MAX_ADVANCE_SECONDS:
        raise DurationError("advance at most a year at a time (P366D)")
    return seconds


class LocalClock:
    def __init__(self, speed: float = 1.0, lead: float = 0.0, wall: Callable[[], float] = time.time) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._wall = wall
        self._lock = threading.Lock()
        self._anchor_wall = wall()
        self._anchor_virtual = self._anchor_wall + max(lead, 0.0)
        self._listeners: list[Callable[[], None]] = []
        self.jumps = 0

    def time(self) -> float:
        with self._lock:
            return self._anchor_virtual + (self._wall() - self._anchor_wall) * self.speed

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.time(), UTC)

    def lead(self) -> float:
        """How far the virtual time is ahead of the wall clock, in seconds (what a restart keeps)."""
        return max(self.time() - self._wall(), 0.0)

    def advance(self, seconds: float) -> float:
        if seconds <= 0:
            raise DurationError("the clock only moves forward")
        with self._lock:
            self._anchor_virtual += seconds
            self.jumps += 1
        for listener in list(self._listeners):
            listener()
        return self.time()

    def on_advance(self, listener: Callable[[], None]) -> None:
        """Called after every jump (the schedules use it to run what came due at once)."""
        self._listeners.append(listener)

    def install(self) -> LocalClock:
        product_clock.install(self.time)
        return self

    def document(self) -> dict[str, object]:
        now = self.time()
        return {
            "now": datetime.fromtimestamp(now, UTC).isoformat().replace("+00:00", "Z"),
            "epoch": round(now, 3),
            "speed": self.speed,
            "ahead_of_wall_clock_seconds": round(max(now - self._wall(), 0.0), 3),
        }
