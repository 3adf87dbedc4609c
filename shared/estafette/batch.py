"""SQS partial batch responses: each record handled on its own, the failed ones reported.

What Powertools' `process_partial_response` with an SQS `BatchProcessor` does for these consumers,
without importing its batch utility: that pulls in asyncio and every event source's data classes
(Kinesis, DynamoDB streams, Kafka...), a fifth of a consumer's cold start for a loop of a few lines
(docs/performance.md). The contract is Lambda's (ReportBatchItemFailures): a record that raised is
named in `batchItemFailures` by its `messageId` and comes back after the visibility timeout; when
every record of the batch failed, `BatchProcessingError` (Powertools' own) is raised, so the whole
batch is retried, as nothing in it was done.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class SqsRecord:
    """One record of an SQS event, as the handlers read it."""

    message_id: str
    body: str
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def of(cls, raw: dict[str, Any]) -> SqsRecord:
        return cls(str(raw["messageId"]), str(raw.get("body") or ""), raw)


ExceptionInfo = tuple[type[BaseException] | None, BaseException | None, TracebackType | None]


def process_partial(
    event: dict[str, Any], handle: Callable[[SqsRecord], Any], logger: Any = None
) -> dict[str, list[dict[str, str]]]:
    """Run `handle` on every record; the Lambda response naming the records that raised."""
    records = event.get("Records")
    if not isinstance(records, list):
        raise ValueError("Invalid event format: an SQS event carries a list of Records")
    failures: list[dict[str, str]] = []
    errors: list[ExceptionInfo] = []
    for raw in records:
        record = SqsRecord.of(raw)
        try:
            handle(record)
        except Exception:
            info = sys.exc_info()
            errors.append(info)
            failures.append({"itemIdentifier": record.message_id})
            if logger is not None:
                logger.warning("Record processing exception; skipping this record", exc_info=info)
    if records and len(failures) == len(records):
        from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

        raise BatchProcessingError(
            msg=f"All records failed processing. {len(errors)} individual errors logged separately below.",
            child_exceptions=errors,
        )
    return {"batchItemFailures": failures}
