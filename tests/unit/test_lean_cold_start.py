"""What keeps a cold start lean and must not change what a consumer or a secret read does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from estafette.batch import SqsRecord, process_partial

ROOT = Path(__file__).resolve().parents[2]


def _event(*bodies: str) -> dict:
    return {"Records": [{"messageId": f"m{i}", "receiptHandle": "", "body": body} for i, body in enumerate(bodies)]}


def _handle(record: SqsRecord) -> None:
    if json.loads(record.body).get("fail"):
        raise RuntimeError("downstream failed")


def test_only_the_records_that_raised_are_reported_for_retry() -> None:
    event = _event('{"fail": false}', '{"fail": true}', '{"fail": false}')
    assert process_partial(event, _handle) == {"batchItemFailures": [{"itemIdentifier": "m1"}]}


def test_a_batch_that_fully_succeeded_reports_nothing() -> None:
    assert process_partial(_event('{"fail": false}'), _handle) == {"batchItemFailures": []}


def test_a_batch_where_every_record_failed_raises_so_the_whole_batch_comes_back() -> None:
    with pytest.raises(BatchProcessingError) as raised:
        process_partial(_event('{"fail": true}', '{"fail": true}'), _handle)
    assert len(raised.value.child_exceptions) == 2


def test_an_event_without_records_is_refused() -> None:
    with pytest.raises(ValueError, match="Records"):
        process_partial({"detail": {}}, _handle)


def test_secrets_are_read_through_the_containers_own_client_and_cached(stack) -> None:
    import boto3

    from estafette import aws

    boto3.client("secretsmanager").create_secret(Name="estafette/test/secret", SecretString="s3cr3t")
    calls = []
    aws.client("secretsmanager").meta.events.register("before-call.*.*", lambda **kw: calls.append(kw["model"].name))
    assert aws.secret_string("estafette/test/secret") == "s3cr3t"
    boto3.client("secretsmanager").put_secret_value(SecretId="estafette/test/secret", SecretString="rotated")
    # Cached in the container for max_age: the second read costs no call ...
    assert aws.secret_string("estafette/test/secret") == "s3cr3t"
    assert calls == ["GetSecretValue"]
    # ... a forced read gets the new value and refreshes the cache.
    assert aws.get_secret("estafette/test/secret", force_fetch=True) == "rotated"
    assert aws.secret_string("estafette/test/secret") == "rotated"
    assert calls == ["GetSecretValue"] * 2


def test_a_secret_read_fails_with_its_cause_and_bad_json_is_told_apart(stack) -> None:
    import boto3

    from estafette import aws

    with pytest.raises(aws.SecretError) as missing:
        aws.get_secret("estafette/test/absent")
    assert missing.value.__cause__.response["Error"]["Code"] == "ResourceNotFoundException"
    boto3.client("secretsmanager").create_secret(Name="estafette/test/text", SecretString="not json")
    with pytest.raises(aws.SecretNotJson):
        aws.get_secret("estafette/test/text", transform="json")
    boto3.client("secretsmanager").create_secret(Name="estafette/test/json", SecretString='{"client_id": "c"}')
    assert aws.get_secret("estafette/test/json", transform="json") == {"client_id": "c"}


def test_a_consumer_imports_no_batch_utility_and_builds_no_unused_event_model() -> None:
    """Importing a bus consumer must not pull Powertools' batch utility (asyncio, every event source's
    data classes) in, nor build validators for events it never receives."""
    code = (
        "import sys, share_dispatch.handlers.events as h, estafette.events as e;"
        "print(any(m.startswith('aws_lambda_powertools.utilities.batch') for m in sys.modules),"
        " e.ContentExpired.__pydantic_complete__)"
    )
    env = {"PYTHONPATH": f"{ROOT / 'functions'}:{ROOT / 'shared'}", "AWS_DEFAULT_REGION": "eu-west-1", "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
