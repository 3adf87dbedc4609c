"""Batch reads: unprocessed keys are retried with backoff, a bounded number of times, never dropped."""

from __future__ import annotations

import pathlib

import pytest

from estafette.aws import BATCH_GET_ATTEMPTS, UnprocessedKeys, batch_get, batch_get_tables
from tests.support import call, claims

ROOT = pathlib.Path(__file__).resolve().parents[2]


class ThrottlingDynamoDB:
    """A stub client that leaves keys unprocessed, as DynamoDB does under throttling."""

    def __init__(self, unprocessed_rounds: int, keep: int = 1) -> None:
        self.unprocessed_rounds = unprocessed_rounds
        self.keep = keep  # keys left unprocessed per call while throttling
        self.calls: list[list[dict]] = []

    def batch_get_item(self, RequestItems):
        (table, request), = RequestItems.items()
        keys = request["Keys"]
        self.calls.append(keys)
        if len(self.calls) <= self.unprocessed_rounds:
            served, left = keys[: -self.keep], keys[-self.keep :]
            unprocessed = {table: {**request, "Keys": left}} if left else {}
        else:
            served, unprocessed = keys, {}
        return {"Responses": {table: [{**k, "found": True} for k in served]}, "UnprocessedKeys": unprocessed}


def keys(n: int) -> list[dict[str, str]]:
    return [{"pk": f"ORG#acme#{i}", "sk": "X"} for i in range(n)]


def test_unprocessed_keys_are_fetched_again_after_a_growing_pause():
    stub, pauses = ThrottlingDynamoDB(unprocessed_rounds=3, keep=2), []
    items = batch_get(stub, "t", keys(5), sleep=pauses.append)
    assert sorted(i["pk"] for i in items) == sorted(k["pk"] for k in keys(5))
    assert len(stub.calls) == 4 and [len(c) for c in stub.calls] == [5, 2, 2, 2]
    assert len(pauses) == 3 and all(0 <= p <= 0.05 * 2**i for i, p in enumerate(pauses))


def test_keys_that_stay_unprocessed_raise_after_a_bounded_number_of_calls():
    stub, pauses = ThrottlingDynamoDB(unprocessed_rounds=10_000), []
    with pytest.raises(UnprocessedKeys) as raised:
        batch_get(stub, "t", keys(3), sleep=pauses.append)
    assert len(stub.calls) == BATCH_GET_ATTEMPTS
    assert raised.value.keys == [keys(3)[-1]]
    assert sum(pauses) <= 2.0  # a request never waits long on a throttled table


class TwoTables:
    """A stub that leaves one table's keys unprocessed for a few calls."""

    def __init__(self, unprocessed_rounds: int) -> None:
        self.unprocessed_rounds = unprocessed_rounds
        self.calls: list[dict] = []

    def batch_get_item(self, RequestItems):
        self.calls.append(RequestItems)
        throttled = "b" in RequestItems and len(self.calls) <= self.unprocessed_rounds
        served = {t: [{**k, "table": t} for k in r["Keys"]] for t, r in RequestItems.items() if not (t == "b" and throttled)}
        return {"Responses": served, "UnprocessedKeys": {"b": RequestItems["b"]} if throttled else {}}


def test_a_read_across_tables_is_one_call_and_retries_only_what_was_left():
    stub, pauses = TwoTables(unprocessed_rounds=2), []
    found = batch_get_tables(stub, {"a": {"Keys": keys(1)}, "b": {"Keys": keys(2), "ConsistentRead": True}}, sleep=pauses.append)
    assert (len(found["a"]), len(found["b"])) == (1, 2)
    assert [sorted(c) for c in stub.calls] == [["a", "b"], ["b"], ["b"]] and stub.calls[1]["b"]["ConsistentRead"]
    stub = TwoTables(unprocessed_rounds=10_000)
    with pytest.raises(UnprocessedKeys):
        batch_get_tables(stub, {"a": {"Keys": keys(1)}, "b": {"Keys": keys(2)}}, sleep=lambda _: None)
    assert len(stub.calls) == BATCH_GET_ATTEMPTS


def test_keys_are_deduplicated_and_sent_a_hundred_per_call():
    stub = ThrottlingDynamoDB(unprocessed_rounds=0)
    items = batch_get(stub, "t", keys(250) + keys(10), sleep=lambda _: None)
    assert [len(c) for c in stub.calls] == [100, 100, 50]
    assert len(items) == 250


def test_every_batch_read_goes_through_the_shared_helper():
    callers = [
        str(path.relative_to(ROOT))
        for folder in ("shared", "functions")
        for path in (ROOT / folder).rglob("*.py")
        if "batch_get_item(" in path.read_text()
    ]
    assert callers == ["shared/estafette/aws.py"]


def test_a_request_whose_batch_read_stays_throttled_gets_503_not_500(stack, monkeypatch):
    from content_publishing import store

    def throttled(*_args, **_kwargs):
        raise UnprocessedKeys("estafette-content", keys(1))

    monkeypatch.setattr(store, "batch_get", throttled)
    reply = call("content_publishing.handlers.api", "GET", "/v1/feed", who=claims("eva"))
    assert reply.status == 503
    assert reply.body["error"]["code"] == "unavailable"
    assert reply.headers.get("retry-after") == "1"
