"""The bus's rules deliver to each consumer the events it acts on, and only those.

Every event on a consumer's queue costs an EventBridge delivery, a share of the event source
mapping's polls and an invocation, so a rule that says more than the consumer needs costs on
every share. The rules live in infra/template.yaml; the local cloud hands them to the emulator
as they are, so this also checks that the emulator evaluates the content filters the template
uses (`$or`, `detail-type` lists, a field's value, `anything-but`) as EventBridge documents them
(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3

from tests.unit.conftest import Stack

SAMPLES = Path(__file__).resolve().parents[2] / "events" / "samples"
CONSUMERS = ("ContentEventsQueue", "ShareEventsQueue", "MetricsEventsQueue", "ReportingEventsQueue", "NotificationEventsQueue")


def sample(detail_type: str, **data: Any) -> dict[str, Any]:
    event = json.loads((SAMPLES / f"{detail_type}.json").read_text())
    event["detail"]["data"].update(data)
    return event


def routed(stack: Stack, event: dict[str, Any]) -> set[str]:
    """The consumer queues one event reaches through the template's rules."""
    for queue in CONSUMERS:
        stack.drain(queue)
    response = boto3.client("events").put_events(
        Entries=[
            {
                "EventBusName": stack.template.physical["EventBus"],
                "Source": event["source"],
                "DetailType": event["detail-type"],
                "Detail": json.dumps(event["detail"]),
            }
        ]
    )
    assert response["FailedEntryCount"] == 0
    return {queue for queue in CONSUMERS if stack.drain(queue)}


def test_a_share_reaches_only_the_consumers_that_act_on_it(stack: Stack) -> None:
    # content_publishing: the item leaves my feed when I ask to share it, scheduled shares too.
    assert routed(stack, sample("ShareRequested")) == {"ContentEventsQueue", "MetricsEventsQueue"}
    # ShareScheduled comes with a ShareRequested of the same share: nobody needs it twice.
    assert routed(stack, sample("ShareScheduled")) == set()
    # Posted: the harvest is planned, the reports and my weekly impact count it; my feed knew already.
    assert routed(stack, sample("SharePosted")) == {"MetricsEventsQueue", "ReportingEventsQueue", "NotificationEventsQueue"}


def test_field_filters_pass_only_the_cases_a_consumer_acts_on(stack: Stack) -> None:
    # A share that ends without a post puts the item back in my feed (lapsed, cancelled by me, failed);
    # a share cancelled because I left does not.
    assert routed(stack, sample("ShareCancelled", reason="lapsed")) == {"ContentEventsQueue"}
    assert routed(stack, sample("ShareCancelled", reason="employee")) == {"ContentEventsQueue"}
    assert routed(stack, sample("ShareCancelled", reason="employee_left")) == set()
    # A failure mails the employee, except on an expired connection (its reconnect mail says it all);
    # reporting counts every failure; my feed gets the item back either way.
    expired = routed(stack, sample("ShareFailed", reason_code="connection_expired"))
    assert expired == {"ReportingEventsQueue", "ContentEventsQueue"}
    failed = routed(stack, sample("ShareFailed", reason_code="rejected_by_network"))
    assert failed == {"ReportingEventsQueue", "NotificationEventsQueue", "ContentEventsQueue"}


def test_directory_and_content_events_still_reach_their_consumers(stack: Stack) -> None:
    left = {"ContentEventsQueue", "ShareEventsQueue", "ReportingEventsQueue", "NotificationEventsQueue"}
    assert routed(stack, sample("EmployeeLeft")) == left
    assert "ContentEventsQueue" in routed(stack, sample("VacancyOpened"))
    assert routed(stack, sample("ContentPublished")) == {"ShareEventsQueue", "ReportingEventsQueue", "NotificationEventsQueue"}
