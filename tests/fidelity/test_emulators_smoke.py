"""Smoke test of the fidelity tier: LocalStack and DynamoDB Local start and behave like AWS.

The first run installs both emulators under .cache/ (~45 s); after that start-up takes ~3 s.
Run with `make test-fidelity` or `pytest tests/fidelity -m fidelity`.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from local.emulators import Emulators, running

pytestmark = pytest.mark.fidelity

ClientFactory = Callable[..., Any]


@pytest.fixture(scope="module")
def emulators() -> Iterator[Emulators]:
    # Port 0: any free ports, so a developer's own emulators on 4566/8000 are left alone.
    with running(localstack_port=0, dynamodb_port=0) as started:
        yield started


@pytest.fixture(scope="module")
def client(emulators: Emulators) -> Iterator[ClientFactory]:
    """boto3 clients configured only through the environment that `env()` returns."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"):
            patch.delenv(name, raising=False)
        for name, value in emulators.env().items():
            patch.setenv(name, value)
        yield lambda service, **kwargs: boto3.Session().client(service, **kwargs)


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _receive(sqs: Any, queue_url: str, *, wait: int = 1, visibility: int | None = None) -> list[dict[str, Any]]:
    kwargs: dict[str, Any] = {"QueueUrl": queue_url, "WaitTimeSeconds": wait, "MaxNumberOfMessages": 10}
    if visibility is not None:
        kwargs["VisibilityTimeout"] = visibility
    return list(sqs.receive_message(**kwargs).get("Messages", []))


def _receive_until(sqs: Any, queue_url: str, *, timeout: float = 15.0) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if messages := _receive(sqs, queue_url, wait=2):
            return messages
    return []


def test_sqs_redrive_moves_message_to_dlq_after_max_receive_count(client: ClientFactory) -> None:
    sqs = client("sqs")
    dlq_url = sqs.create_queue(QueueName=_name("smoke-dlq"))["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    max_receive_count = 2
    redrive = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(max_receive_count)}
    queue_url = sqs.create_queue(QueueName=_name("smoke-main"), Attributes={"RedrivePolicy": json.dumps(redrive)})["QueueUrl"]

    sqs.send_message(QueueUrl=queue_url, MessageBody="poison")
    for attempt in range(1, max_receive_count + 1):
        # VisibilityTimeout=0 puts the message straight back, as a consumer failure would after the timeout.
        messages = _receive(sqs, queue_url, visibility=0)
        assert [m["Body"] for m in messages] == ["poison"], f"receive #{attempt}"

    # The receive after the last allowed one finds nothing: the message went to the DLQ instead.
    assert _receive(sqs, queue_url, visibility=0) == []
    dead = _receive_until(sqs, dlq_url)
    assert [m["Body"] for m in dead] == ["poison"]


def test_eventbridge_rule_with_content_pattern_delivers_to_sqs(client: ClientFactory) -> None:
    events, sqs = client("events"), client("sqs")
    bus = events.create_event_bus(Name=_name("smoke-bus"))["EventBusArn"].rsplit("/", 1)[-1]
    queue_url = sqs.create_queue(QueueName=_name("smoke-target"))["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    rule_arn = events.put_rule(
        Name=_name("smoke-rule"),
        EventBusName=bus,
        EventPattern=json.dumps({"detail-type": ["OrderPlaced"]}),
    )["RuleArn"]
    # Real AWS drops deliveries without this queue policy; keep the test valid there too.
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": queue_arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
            }
        ],
    }
    sqs.set_queue_attributes(QueueUrl=queue_url, Attributes={"Policy": json.dumps(policy)})
    events.put_targets(Rule=rule_arn.rsplit("/", 1)[-1], EventBusName=bus, Targets=[{"Id": "queue", "Arn": queue_arn}])

    sent = events.put_events(
        Entries=[
            {"EventBusName": bus, "Source": "estafette.smoke", "DetailType": "OrderCancelled", "Detail": '{"n": 1}'},
            {"EventBusName": bus, "Source": "estafette.smoke", "DetailType": "OrderPlaced", "Detail": '{"n": 2}'},
        ]
    )
    assert sent["FailedEntryCount"] == 0

    delivered = _receive_until(sqs, queue_url)
    delivered += _receive(sqs, queue_url, wait=2)  # give a wrongly matched event time to show up
    envelopes = [json.loads(m["Body"]) for m in delivered]
    assert [(e["detail-type"], e["detail"]) for e in envelopes] == [("OrderPlaced", {"n": 2})]
    assert envelopes[0]["source"] == "estafette.smoke"


def test_kms_encrypt_decrypt_round_trip(client: ClientFactory) -> None:
    kms = client("kms")
    key_arn = kms.create_key(Description="estafette smoke")["KeyMetadata"]["Arn"]
    context = {"purpose": "smoke"}

    blob = kms.encrypt(KeyId=key_arn, Plaintext=b"secret payload", EncryptionContext=context)["CiphertextBlob"]
    assert b"secret payload" not in blob

    plain = kms.decrypt(CiphertextBlob=blob, EncryptionContext=context)
    assert plain["Plaintext"] == b"secret payload"
    assert plain["KeyId"] == key_arn
    with pytest.raises(ClientError) as wrong_context:
        kms.decrypt(CiphertextBlob=blob, EncryptionContext={"purpose": "other"})
    assert wrong_context.value.response["Error"]["Code"] == "InvalidCiphertextException"


def test_dynamodb_local_rejects_table_name_shorter_than_three_characters(client: ClientFactory, emulators: Emulators) -> None:
    # Skip botocore's client-side checks so the server's own validation is what gets tested.
    dynamodb = client("dynamodb", config=Config(parameter_validation=False))
    # AWS_ENDPOINT_URL_DYNAMODB wins over AWS_ENDPOINT_URL: this is DynamoDB Local, not LocalStack.
    assert dynamodb.meta.endpoint_url == emulators.dynamodb_endpoint_url
    with pytest.raises(ClientError) as rejected:
        dynamodb.create_table(
            TableName="ab",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
    assert rejected.value.response["Error"]["Code"] == "ValidationException", rejected.value.response
    assert dynamodb.list_tables()["TableNames"] == []
