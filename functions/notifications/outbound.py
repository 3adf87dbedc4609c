"""The send queue: every email and chat post travels as its own SQS message.

One message per notification is what makes failures independent: the sender reports a failed
message in `batchItemFailures`, SQS retries only that one, and after maxReceiveCount it lands
in the send queue's DLQ, while every other notification goes out.
"""

from __future__ import annotations

from collections.abc import Sequence

from estafette.aws import client
from notifications.config import config
from notifications.model import SendRequest

MAX_BATCH = 10


class EnqueueError(RuntimeError):
    pass


def enqueue(requests: Sequence[SendRequest]) -> None:
    """Put send requests on the send queue; raises when SQS refuses any, so the caller's source retries."""
    sqs = client("sqs")
    url = config().notification_send_queue_url
    for start in range(0, len(requests), MAX_BATCH):
        chunk = requests[start : start + MAX_BATCH]
        response = sqs.send_message_batch(
            QueueUrl=url,
            Entries=[{"Id": str(i), "MessageBody": r.model_dump_json()} for i, r in enumerate(chunk)],
        )
        if response.get("Failed"):
            raise EnqueueError(
                f"{len(response['Failed'])} of {len(chunk)} notifications were not queued: {response['Failed'][:3]}"
            )
