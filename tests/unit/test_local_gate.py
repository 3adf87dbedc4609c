"""The local cloud's state gate and SQS long polls (local/state.py).

The embedded moto server gates every request so a snapshot sees a consistent state. An event source
long-polls its queue all the time; if its waiting happened inside the gate, every snapshot (every two
seconds while something changes) would wait for the polls to end while holding back every other
request. A long poll therefore waits outside the gate, and still answers with a message that
arrives while it waits.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from local.state import DynamoChanges, Gate, gated_moto_server

REGION = "eu-west-1"


@pytest.fixture
def gated() -> Iterator[tuple[Gate, Any]]:
    gate = Gate()
    server = gated_moto_server(gate, DynamoChanges())
    server.start()
    host, port = server.get_host_and_port()
    sqs = boto3.client(
        "sqs",
        region_name=REGION,
        endpoint_url=f"http://{host}:{port}",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    try:
        yield gate, sqs
    finally:
        server.stop()


def _waiting(queue_url: str) -> bool:
    """Someone waits on the queue's condition: a long poll found it empty and is waiting for a message."""
    from moto.sqs.models import sqs_backends

    account, name = queue_url.rstrip("/").split("/")[-2:]
    queue = sqs_backends[account][REGION].get_queue(name)
    return bool(queue._messages_lock._waiters)


def test_a_snapshot_does_not_wait_for_a_long_poll_and_the_poll_still_gets_the_message(gated: tuple[Gate, Any]) -> None:
    gate, sqs = gated
    url = sqs.create_queue(QueueName="events")["QueueUrl"]
    answers: list[dict[str, Any]] = []
    poll = threading.Thread(target=lambda: answers.append(sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20)))
    poll.start()
    spins = 0
    while not _waiting(url):
        spins += 1
        assert poll.is_alive() and spins < 10_000_000, "the long poll never started waiting"
    with gate.exclusive():  # what a snapshot takes: all requests done, new ones held back
        assert poll.is_alive()  # taken while the poll still waits, not after its 20 s
    sqs.send_message(QueueUrl=url, MessageBody="ShareRequested")
    poll.join(30)
    assert not poll.is_alive()
    assert [m["Body"] for m in answers[0]["Messages"]] == ["ShareRequested"]


def test_a_long_poll_on_an_empty_queue_ends_empty_and_a_short_poll_is_answered_at_once(gated: tuple[Gate, Any]) -> None:
    _gate, sqs = gated
    url = sqs.create_queue(QueueName="quiet")["QueueUrl"]
    assert "Messages" not in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1)
    sqs.send_message(QueueUrl=url, MessageBody="x")
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0)["Messages"]] == ["x"]
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.receive_message(QueueUrl=url.replace("quiet", "missing"), WaitTimeSeconds=1)
