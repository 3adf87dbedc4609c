"""Powertools logging and metrics, set up the same way in every service, and the correlation id.

Tracing: the functions run with X-Ray active tracing at the Lambda level (see the
template), but do not import Powertools' Tracer: it pulls in the X-Ray SDK, which costs
about as much cold-start time as boto3 itself. The invocation segment and AWS SDK
timings that Lambda records are enough for these short handlers.

Correlation: one id follows a piece of work through every hop. The HTTP API's request id
starts it; a bus consumer takes it from the event's `metadata.correlation_id`; whatever a
function publishes while handling that request or event carries it on (see `publisher.Outgoing`),
and it is the `correlation_id` key of every log line written meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any

from aws_lambda_powertools import Logger, Metrics

NAMESPACE = "Estafette"
Handler = Callable[[Any, Any], Any]

_correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def logger_for(service: str) -> Logger:
    return Logger(service=service)


def metrics_for(service: str) -> Metrics:
    return Metrics(namespace=NAMESPACE, service=service)


def correlation_id() -> str | None:
    """The id of the request or event being handled now, if any."""
    return _correlation_id.get()


def correlate(logger: Logger, value: str | None) -> None:
    """Make `value` the current correlation id: in the logs and in the events published next."""
    _correlation_id.set(value)
    logger.set_correlation_id(value)


def with_context(logger: Logger, metrics: Metrics) -> Callable[[Handler], Handler]:
    """Stack Powertools once around a Lambda entry point: log context (cold start, request id)
    and the business metrics the invocation recorded, flushed as EMF at its end. An invocation
    that recorded no metric writes none (Powertools would warn on every such invocation)."""

    def decorate(handler: Handler) -> Handler:
        @logger.inject_lambda_context(clear_state=True)
        @wraps(handler)
        def lambda_handler(event: Any, context: Any) -> Any:
            try:
                return handler(event, context)
            finally:
                if metrics.metric_set:
                    metrics.flush_metrics()

        return lambda_handler

    return decorate


def count(name: str, service: str, value: float = 1, **dimensions: str) -> None:
    """One business metric as an EMF line, with its own dimensions (e.g. `reason`, `rule`),
    so that dimensions of one metric never leak into another's."""
    from aws_lambda_powertools.metrics import MetricUnit, single_metric

    with single_metric(name=name, unit=MetricUnit.Count, value=value, namespace=NAMESPACE) as metric:
        metric.add_dimension("service", service)
        for key, dimension in dimensions.items():
            metric.add_dimension(key, dimension)
