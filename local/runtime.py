"""Functions as the template declares them, invoked in-process the way Lambda would.

Each function's handler is imported by its `Handler` string with `functions/` and
`shared/` on sys.path (as the code bundle and the layer are in Lambda). Environment
variables of all functions are merged into this process; two functions that set the same
variable to different values would be a template bug, so that is refused loudly.
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from local.template import ROOT, Template

for _path in (ROOT / "functions", ROOT / "shared"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))


@dataclass
class HttpRoute:
    method: str
    path: str  # template form: /v1/content/{id}
    public: bool


@dataclass
class SqsSource:
    queue_logical_id: str
    batch_size: int
    report_failures: bool
    batching_window: float = 0.0  # MaximumBatchingWindowInSeconds: gather records this long before invoking


@dataclass
class FunctionSpec:
    logical_id: str
    handler: str
    timeout: int
    environment: dict[str, str]
    routes: list[HttpRoute] = field(default_factory=list)
    sqs: list[SqsSource] = field(default_factory=list)
    schedules: list[str] = field(default_factory=list)
    _callable: Callable[[dict[str, Any], Any], Any] | None = None

    def entry_point(self) -> Callable[[dict[str, Any], Any], Any]:
        if self._callable is None:
            module_name, function_name = self.handler.rsplit(".", 1)
            self._callable = getattr(importlib.import_module(module_name), function_name)
        return self._callable

    def invoke(self, event: dict[str, Any]) -> Any:
        return self.entry_point()(event, LambdaContext(self.logical_id, self.timeout))


class LambdaContext:
    """The attributes of Lambda's context object that Powertools reads."""

    def __init__(self, function_name: str, timeout: int) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = 512
        self.aws_request_id = str(uuid.uuid4())
        self.invoked_function_arn = f"arn:aws:lambda:eu-west-1:123456789012:function:{function_name}"
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + timeout

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def functions_of(template: Template, *, resolve_environment: bool = True) -> list[FunctionSpec]:
    """The template's functions; environment values need the resources created first."""
    globals_ = template.body.get("Globals", {}).get("Function", {})
    global_env = globals_.get("Environment", {}).get("Variables", {})
    specs = []
    for logical_id, resource in template.of_type("AWS::Serverless::Function").items():
        props = resource["Properties"]
        env = {**global_env, **props.get("Environment", {}).get("Variables", {})}
        spec = FunctionSpec(
            logical_id=logical_id,
            handler=props["Handler"],
            timeout=int(props.get("Timeout", globals_.get("Timeout", 3))),
            environment={k: str(template.resolve(v)) for k, v in env.items()} if resolve_environment else {},
        )
        for event in props.get("Events", {}).values():
            kind, event_props = event["Type"], event.get("Properties", {})
            if kind == "HttpApi":
                public = event_props.get("Auth", {}).get("Authorizer") == "NONE"
                spec.routes.append(HttpRoute(event_props["Method"].upper(), event_props["Path"], public))
            elif kind == "SQS":
                queue = event_props["Queue"]
                queue_id = queue["Fn::GetAtt"][0] if isinstance(queue, dict) else queue
                spec.sqs.append(
                    SqsSource(
                        queue_id,
                        int(event_props.get("BatchSize", 10)),
                        "ReportBatchItemFailures" in event_props.get("FunctionResponseTypes", []),
                        float(event_props.get("MaximumBatchingWindowInSeconds", 0)),
                    )
                )
            elif kind in ("Schedule", "ScheduleV2"):
                spec.schedules.append(event_props["ScheduleExpression"])
        specs.append(spec)
    return specs


def merged_environment(specs: list[FunctionSpec]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for spec in specs:
        for key, value in spec.environment.items():
            if key in merged and merged[key] != value:
                raise ValueError(f"{key} differs between functions ({merged[key]!r} vs {value!r}); name it per meaning")
            merged[key] = value
    return merged


_clients: dict[tuple[str, str], Any] = {}
_clients_lock = threading.Lock()


def local_client(service: str) -> Any:
    """One boto3 client per service for the local cloud's own calls (pollers, provisioning, the console).

    Clients are thread-safe and creating one costs a parse of the service model (tens of
    milliseconds), so the pollers share them instead of each building its own session.
    """
    endpoint = os.environ.get(f"AWS_ENDPOINT_URL_{service.upper()}") or os.environ.get("AWS_ENDPOINT_URL", "")
    key = (service, endpoint)
    with _clients_lock:
        if key not in _clients:
            import boto3

            if "session" not in _sessions:
                _sessions["session"] = boto3.session.Session()
            _clients[key] = _sessions["session"].client(service)
        return _clients[key]


_sessions: dict[str, Any] = {}


class _UnsentMetric:
    def add_dimension(self, *args: Any, **kwargs: Any) -> None:
        pass

    def add_metric(self, *args: Any, **kwargs: Any) -> None:
        pass

    def add_metadata(self, *args: Any, **kwargs: Any) -> None:
        pass


def quiet_single_metrics() -> None:
    """No CloudWatch locally: Powertools' `single_metric` prints its EMF line even with
    POWERTOOLS_METRICS_DISABLED set, which would fill the console with a JSON line per share.
    With metrics disabled it hands out a metric that is never printed."""
    import contextlib
    from collections.abc import Iterator

    from aws_lambda_powertools import metrics
    from aws_lambda_powertools.metrics.functions import is_metrics_disabled

    original = metrics.single_metric
    if getattr(original, "_estafette_quiet", False):
        return

    @contextlib.contextmanager
    def single_metric(*args: Any, **kwargs: Any) -> Iterator[Any]:
        if not is_metrics_disabled():
            with original(*args, **kwargs) as metric:
                yield metric
            return
        yield _UnsentMetric()

    single_metric._estafette_quiet = True  # type: ignore[attr-defined]
    metrics.single_metric = single_metric  # type: ignore[assignment]


def apply_environment(env: dict[str, str]) -> None:
    os.environ.update(env)
    from estafette import aws, config

    config.load.cache_clear()
    aws.reset()
