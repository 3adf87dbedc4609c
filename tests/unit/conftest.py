"""Unit tier: handlers and domain logic against moto in-process, with the template's own resources."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from moto import mock_aws

from local.fakes.networks import FakeNetwork
from local.provision import provision
from local.runtime import FunctionSpec, functions_of, merged_environment
from local.template import Template

EMULATOR_VARIABLES = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE", "AWS_SESSION_TOKEN")


@dataclass
class Stack:
    template: Template
    functions: list[FunctionSpec]
    linkedin: FakeNetwork

    def queue_url(self, logical_id: str) -> str:
        return self.template.physical[logical_id]

    def drain(self, logical_id: str) -> list[dict[str, Any]]:
        """Every message waiting on a queue (the bus routes events to queues in moto too)."""
        import boto3

        sqs = boto3.client("sqs")
        messages = []
        while True:
            batch = sqs.receive_message(QueueUrl=self.queue_url(logical_id), MaxNumberOfMessages=10).get("Messages", [])
            if not batch:
                return messages
            messages.extend(batch)
            sqs.delete_message_batch(
                QueueUrl=self.queue_url(logical_id),
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)],
            )


def _reset_caches() -> None:
    from estafette import aws, config, settings, tokens

    config.load.cache_clear()
    aws.reset()
    tokens._data_key.cache_clear()
    settings.clear_cache()
    from hr_webhooks import webhook_secrets

    webhook_secrets.clear_cache()
    from estafette import identity

    identity.forget()
    from content_publishing import reviewers

    reviewers.clear_cache()


@pytest.fixture
def stack(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stack]:
    for name in EMULATOR_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    with FakeNetwork("linkedin") as linkedin, mock_aws():
        template = Template.load(
            parameters={
                "JwtIssuer": "https://issuer.example",
                "JwtAudience": ["estafette"],
                "TrackedLinkBaseUrl": "https://go.example",
                "LinkedInApiBaseUrl": linkedin.base_url,
                "LinkedInAuthBaseUrl": linkedin.base_url,
            }
        )
        provision(template)
        functions = functions_of(template)
        for key, value in merged_environment(functions).items():
            monkeypatch.setenv(key, value)
        _reset_caches()
        yield Stack(template, functions, linkedin)
    _reset_caches()


def sqs_event(messages: list[dict[str, Any]], queue_arn: str = "arn:aws:sqs:eu-west-1:123456789012:q") -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m.get("ReceiptHandle", ""),
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": "eu-west-1",
            }
            for m in messages
        ]
    }


def deliver(stack: Stack, queue_logical_id: str, handler_module: str) -> dict[str, Any]:
    """Hand everything waiting on a queue to its consumer, as the event source mapping would."""
    import importlib

    from local.runtime import LambdaContext

    messages = stack.drain(queue_logical_id)
    if not messages:
        return {"batchItemFailures": []}
    handler = importlib.import_module(handler_module).lambda_handler
    # A generous budget: tests that are about running out of time build their own short context, so a slow,
    # shared machine never turns a budget check into a failure of some other behaviour.
    return handler(sqs_event(messages), LambdaContext(handler_module, 300))


def bus_events(messages: list[dict[str, Any]], detail_type: str | None = None) -> list[dict[str, Any]]:
    import json

    events = [json.loads(m["Body"]) for m in messages]
    return [e for e in events if detail_type is None or e["detail-type"] == detail_type]
