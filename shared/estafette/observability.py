"""Powertools logging and metrics, set up the same way in every service.

Tracing: the functions run with X-Ray active tracing at the Lambda level (see the
template), but do not import Powertools' Tracer: it pulls in the X-Ray SDK, which costs
about as much cold-start time as boto3 itself. The invocation segment and AWS SDK
timings that Lambda records are enough for these short handlers.
"""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics

NAMESPACE = "Estafette"


def logger_for(service: str) -> Logger:
    return Logger(service=service)


def metrics_for(service: str) -> Metrics:
    return Metrics(namespace=NAMESPACE, service=service)
