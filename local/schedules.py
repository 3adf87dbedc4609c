"""Fires the template's schedules (moto's and LocalStack's Scheduler never invoke targets).

`rate(N unit)` expressions run every N units divided by `speed`, so a demo can make a
day pass in minutes. A cron expression is fired once a minute (scaled the same way).
"""

from __future__ import annotations

import re
import threading
import traceback

from estafette import clock
from local.runtime import FunctionSpec

UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600, "day": 86400, "days": 86400}


def period_seconds(expression: str) -> float:
    match = re.fullmatch(r"rate\((\d+)\s+(\w+)\)", expression.strip())
    if match:
        return int(match.group(1)) * UNITS[match.group(2)]
    return 60.0


class Schedule:
    def __init__(self, spec: FunctionSpec, expression: str, speed: float = 1.0) -> None:
        self.spec, self.expression = spec, expression
        self.interval = period_seconds(expression) / max(speed, 0.001)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"schedule-{spec.logical_id}", daemon=True)

    def start(self) -> Schedule:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

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
        return self.spec.invoke(event)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.fire()
            except Exception:
                traceback.print_exc()
