"""Fires the template's schedules on the local cloud's clock (moto's and LocalStack's Scheduler never invoke targets).

A `rate(N unit)` schedule fires each time the clock passes a multiple of its period, as EventBridge
Scheduler does; a cron expression is treated as once a minute. The clock may run faster
(`SPEED=60`) or jump ahead (`POST /local/clock`, which walks in steps and runs the schedules due at
each, see `LocalCloud.move_clock`); when several periods passed at once a schedule fires once, and the
product's due-time logic picks up what came due in between (as after a missed invocation in AWS).
However fast the clock runs, a schedule fires at most every `MIN_REAL_INTERVAL` seconds of wall time.
"""

from __future__ import annotations

import math
import re
import threading
import traceback
from collections.abc import Callable

from estafette import clock
from local.runtime import FunctionSpec

UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}
MIN_REAL_INTERVAL = 0.5


def period_seconds(expression: str) -> float:
    match = re.fullmatch(r"rate\((\d+)\s+(\w+)\)", expression.strip())
    if match:
        return int(match.group(1)) * UNITS[match.group(2)]
    return 60.0


class Schedule:
    def __init__(
        self, spec: FunctionSpec, expression: str, speed: float = 1.0, now: Callable[[], float] | None = None
    ) -> None:
        self.spec, self.expression = spec, expression
        self.period = period_seconds(expression)
        self.interval = max(self.period / max(speed, 0.001), MIN_REAL_INTERVAL)  # wall seconds between checks
        self._now = now or clock.time
        self._last_slot = math.floor(self._now() / self.period)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._fire_lock = threading.Lock()
        self._due_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=f"schedule-{spec.logical_id}", daemon=True)
        self.fired = 0

    def start(self) -> Schedule:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def poke(self) -> None:
        """The clock jumped: check now rather than at the next interval."""
        self._wake.set()

    def fire(self) -> object:
        event = {
            "version": "0",
            "id": "local",
            "detail-type": "Scheduled Event",
            "source": "aws.scheduler",
            "time": clock.now().isoformat(),
            "resources": [f"local:{self.spec.logical_id}:{self.expression}"],
            "detail": "{}",  # EventBridge Scheduler sends the string "{}" when the schedule has no input
        }
        with self._fire_lock:  # one invocation of a schedule at a time, like a schedule with no overlap
            self.fired += 1
            return self.spec.invoke(event)

    def due(self) -> bool:
        """True once for each time the clock passed one of the schedule's slots (several passed at once: once)."""
        with self._due_lock:
            slot = math.floor(self._now() / self.period)
            if slot > self._last_slot:
                self._last_slot = slot
                return True
            return False

    def run_if_due(self) -> bool:
        if not self.due():
            return False
        try:
            self.fire()
        except Exception:
            traceback.print_exc()
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(min(self.interval, 1.0))
            self._wake.clear()
            if self._stop.is_set():
                return
            self.run_if_due()
