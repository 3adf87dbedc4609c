"""Runs every five minutes: one Query for the due sources, each sent to the poll queue (10 per SendMessageBatch)."""

from __future__ import annotations

import json
from typing import Any

from content_publishing import source_store
from content_publishing.config import config
from content_publishing.ticks import tick
from estafette.aws import client
from estafette.observability import logger_for

logger = logger_for("content_publishing")
SQS_BATCH = 10  # SendMessageBatch's limit


def enqueue_due(at: Any) -> int:
    due = source_store.due(at)
    queue = config().source_poll_queue_url
    for start in range(0, len(due), SQS_BATCH):
        batch = due[start : start + SQS_BATCH]
        entries = [{"Id": str(n), "MessageBody": json.dumps(item)} for n, item in enumerate(batch)]
        for _attempt in range(3):
            failed = client("sqs").send_message_batch(QueueUrl=queue, Entries=entries).get("Failed") or []
            if not failed:
                break
            ids = {f["Id"] for f in failed}
            entries = [e for e in entries if e["Id"] in ids]
        else:
            # Left for the next run: the sources stay due, nothing is lost.
            logger.warning("Some due sources were not queued", extra={"count": len(entries)})
    return len(due)


@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    queued = enqueue_due(tick(event))
    logger.info("Due sources queued", extra={"sources": queued})
    return {"sources": queued}
