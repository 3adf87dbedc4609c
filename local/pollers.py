"""SQS event sources, as Lambda's event source mapping runs them.

Each source polls its queue with the template's batch size, invokes the function with the
SQS event, deletes the records that succeeded and leaves the failed ones (from
`batchItemFailures`, or all of them when the invocation raised) to come back after the
visibility timeout. The queue's own redrive policy moves them to the DLQ after
maxReceiveCount, exactly as in AWS. A `MaximumBatchingWindowInSeconds` makes it gather records
until the batch is full or the window has passed, as Lambda does.
"""

from __future__ import annotations

import threading
import time
import traceback
from typing import Any

from local.runtime import FunctionSpec, SqsSource, local_client


class Poller:
    def __init__(self, spec: FunctionSpec, source: SqsSource, queue_url: str, queue_arn: str, region: str) -> None:
        self.spec, self.source, self.queue_url, self.queue_arn, self.region = spec, source, queue_url, queue_arn, region
        self.sqs = local_client("sqs")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"poll-{spec.logical_id}", daemon=True)
        self.invocations = 0

    def start(self) -> Poller:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float = 5) -> None:
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poll_once(wait_seconds=1)
            except Exception:  # keep polling, as the event source mapping does
                if not self._stop.is_set():
                    traceback.print_exc()
                    self._stop.wait(1)

    def poll_once(self, wait_seconds: int = 0) -> int:
        response = self.sqs.receive_message(
            QueueUrl=self.queue_url,
            MaxNumberOfMessages=min(self.source.batch_size, 10),
            WaitTimeSeconds=wait_seconds,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        messages = response.get("Messages", [])
        if not messages:
            return 0
        # With a batching window, Lambda keeps gathering records until the batch is full or the window ends.
        deadline = time.monotonic() + self.source.batching_window
        while self.source.batching_window and len(messages) < self.source.batch_size and time.monotonic() < deadline:
            more = self.sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=min(self.source.batch_size - len(messages), 10),
                WaitTimeSeconds=0,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            ).get("Messages", [])
            messages.extend(more)
            if not more:
                self._stop.wait(0.05)
        event = {"Records": [self._record(m) for m in messages]}
        self.invocations += 1
        try:
            result = self.spec.invoke(event)
        except Exception as error:
            if type(error).__name__ == "BatchProcessingError":  # each record's reason is already logged by the function
                print(
                    f"  ({self.spec.logical_id}: every record of a batch of {len(messages)} failed;"
                    " they come back after the visibility timeout)",
                    flush=True,
                )
            else:
                traceback.print_exc()
            return len(messages)  # every record comes back after the visibility timeout
        failed: set[str] = set()
        if self.source.report_failures and isinstance(result, dict):
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            self.sqs.delete_message_batch(
                QueueUrl=self.queue_url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
            )
        return len(messages)

    def _record(self, message: dict[str, Any]) -> dict[str, Any]:
        return {
            "messageId": message["MessageId"],
            "receiptHandle": message["ReceiptHandle"],
            "body": message["Body"],
            "attributes": message.get("Attributes", {}),
            "messageAttributes": message.get("MessageAttributes", {}),
            "md5OfBody": message.get("MD5OfBody", ""),
            "eventSource": "aws:sqs",
            "eventSourceARN": self.queue_arn,
            "awsRegion": self.region,
        }
