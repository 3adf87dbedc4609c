"""What the hr_webhooks tests share: an org's webhook secrets, sending signed deliveries, reading the log."""

from __future__ import annotations

import json

import boto3
import pytest

from tests.support import call, signed_headers
from tests.unit.conftest import bus_events

WEBHOOK = "hr_webhooks.handlers.webhook"
SECRET = "s3cret-for-acme-0123456789"


@pytest.fixture
def secrets(stack):
    def put(values, provider="generic", org="acme"):
        client = boto3.client("secretsmanager")
        name = f"estafette/{org}/hr-webhooks"
        try:
            document = json.loads(client.get_secret_value(SecretId=name)["SecretString"])
        except client.exceptions.ResourceNotFoundException:
            document = None
        value = json.dumps({**(document or {}), provider: list(values)})
        if document is None:
            client.create_secret(Name=name, SecretString=value)
        else:
            client.put_secret_value(SecretId=name, SecretString=value)

    put([SECRET])
    return put


def send(payload, *, secret=SECRET, at=None, provider="generic", org="acme", raw=None, headers=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    signed = headers if headers is not None else signed_headers(provider, secret, body, at)
    return call(WEBHOOK, "POST", f"/v1/webhooks/hr/{provider}", raw=body, headers=signed, query=f"org={org}")


def emitted(stack, name=None):
    return bus_events(stack.drain("ContentEventsQueue"), name)


def log(org="acme"):
    return (
        boto3.resource("dynamodb")
        .Table("estafette-webhooks")
        .query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"ORG#{org}"})["Items"]
    )
