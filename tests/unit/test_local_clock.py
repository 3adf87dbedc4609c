"""The local cloud's clock and schedules, on a wall clock the test controls (nothing sleeps)."""

from __future__ import annotations

import itertools

import pytest

from estafette import clock as product_clock
from local.clock import DurationError, LocalClock, parse_duration
from local.runtime import FunctionSpec
from local.schedules import Schedule
from local.state import Gate, Snapshot, StateError, StateStore, is_mutating, restore_fake, snapshot_fake


class Wall:
    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("PT1H", 3600), ("PT30M", 1800), ("P1D", 86400), ("P1W", 604800), ("P1DT12H", 129600), ("pt90s", 90), ("PT0.5S", 0.5)],
)
def test_iso_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "P", "PT", "1H", "-PT1H", "P0D", "P1M", "P1Y", "PT1H2", "P400D", "an hour"])
def test_malformed_or_backward_durations_are_refused(text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text)


def test_speed_and_jumps_move_the_virtual_time() -> None:
    wall = Wall()
    local = LocalClock(speed=60, wall=wall)
    start = local.time()
    wall.now += 10  # ten real seconds
    assert local.time() == pytest.approx(start + 600)
    local.advance(3600)
    assert local.time() == pytest.approx(start + 4200)
    assert local.lead() == pytest.approx(4200 - 10)
    with pytest.raises(DurationError):
        local.advance(-1)


def test_the_lead_survives_as_a_lead() -> None:
    wall = Wall()
    before = LocalClock(wall=wall)
    before.advance(86400)
    wall.now += 3600  # stopped for an hour
    after = LocalClock(lead=before.lead() - 3600, wall=wall)  # the lead as saved when it stopped
    assert after.time() == pytest.approx(wall.now + 86400 - 3600)


def test_installed_clock_is_what_product_code_reads() -> None:
    wall = Wall()
    local = LocalClock(wall=wall).install()
    try:
        local.advance(7 * 86400)
        assert product_clock.time() == pytest.approx(wall.now + 7 * 86400)
        assert product_clock.now().tzinfo is not None
    finally:
        product_clock.reset()


def test_a_schedule_fires_once_per_period_passed_and_once_after_a_jump() -> None:
    wall = Wall(start=1_800_000_000.0 - 1_800_000_000.0 % 3600)  # on the hour
    local = LocalClock(wall=wall)
    invoked: list[str] = []
    spec = FunctionSpec("Hourly", "x.handler", 3, {})
    spec._callable = lambda event, _ctx: invoked.append(event["time"])
    schedule = Schedule(spec, "rate(1 hour)", now=local.time)
    assert not schedule.due()
    wall.now += 1800
    assert not schedule.due()
    wall.now += 1800
    assert schedule.due() and not schedule.due()
    local.advance(5 * 86400)
    assert schedule.due()  # the jump passed many periods: it fires once, the product's due logic catches up
    assert not schedule.due()


def test_reads_do_not_count_as_changes() -> None:
    def environ(target: str = "", action: str = "", method: str = "POST") -> dict[str, str]:
        return {"HTTP_X_AMZ_TARGET": target, "QUERY_STRING": f"Action={action}" if action else "", "REQUEST_METHOD": method}

    assert not is_mutating(environ("DynamoDB_20120810.Query"))
    assert not is_mutating(environ("TrentService.Decrypt"))
    assert not is_mutating(environ(action="ReceiveMessage"))
    assert is_mutating(environ("DynamoDB_20120810.TransactWriteItems"))
    assert is_mutating(environ(action="SendMessage"))
    assert is_mutating(environ("AmazonSQS.DeleteMessageBatch"))
    assert not is_mutating(environ(method="GET"))


def test_the_gate_lets_a_snapshot_wait_for_running_requests() -> None:
    gate = Gate()
    with gate.shared(mutating=True):
        assert gate.changes == 0
    assert gate.changes == 1
    with gate.exclusive():
        pass


class RecordingFake:
    def __init__(self) -> None:
        import itertools
        import threading

        self.port = 1234
        self.posts: list[dict] = []
        self.by_id: dict[str, dict] = {}
        self.failure_rate = 0.0
        self.routes = {("GET", "/"): self.start}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def start(self) -> None:
        pass


def test_a_fakes_recorded_state_comes_back_with_shared_objects_and_counters() -> None:
    fake = RecordingFake()
    post = {"id": "p1", "text": "hello"}
    fake.posts.append(post)
    fake.by_id["p1"] = post
    next(fake._ids), next(fake._ids)
    fake.failure_rate = 0.5
    saved = snapshot_fake(fake)

    fresh = RecordingFake()
    fresh.port = 9999
    restore_fake(fresh, saved)
    assert fresh.posts == [post] and fresh.by_id["p1"] is fresh.posts[0]
    assert next(fresh._ids) == 3
    assert fresh.port == 9999 and fresh.failure_rate == 0.0  # configuration is not state
    assert fresh.routes[("GET", "/")].__self__ is fresh  # machinery untouched


def test_the_state_file_detects_damage(tmp_path) -> None:
    store = StateStore(tmp_path / "state")
    assert store.load() is None  # no folder: an empty state
    store.write(Snapshot(local={"clock_lead": 12.5}))
    assert store.load().local == {"clock_lead": 12.5}  # type: ignore[union-attr]
    data = store.path.read_bytes()
    store.path.write_bytes(data[:-3] + b"xyz")
    with pytest.raises(StateError, match=r"damaged.*make reset"):
        store.load()
    store.path.write_bytes(b"estafette-local-state/1\nsha256: 00\n\n")
    with pytest.raises(StateError, match="make reset"):
        store.load()


def test_dynamodb_writes_are_noted_item_by_item() -> None:
    import json

    from local.state import DynamoChanges

    changes = DynamoChanges()
    key = {"pk": {"S": "ORG#a"}, "sk": {"S": "SHARE#1"}}
    changes.note("PutItem", json.dumps({"TableName": "t", "Item": {**key, "x": {"N": "1"}}}).encode())
    changes.note("UpdateItem", json.dumps({"TableName": "t", "Key": key}).encode())
    changes.note("BatchWriteItem", json.dumps({"RequestItems": {"u": [{"DeleteRequest": {"Key": key}}]}}).encode())
    transaction = [{"ConditionCheck": {"TableName": "t", "Key": key}}, {"Delete": {"TableName": "v", "Key": key}}]
    changes.note("TransactWriteItems", json.dumps({"TransactItems": transaction}).encode())
    changes.note("Query", b"{}")
    changes.note("TransactGetItems", b"{}")
    changes.note("UpdateTimeToLive", json.dumps({"TableName": "t"}).encode())
    items, tables, everything = changes.take()
    assert [table for table, _ in items] == ["t", "t", "u", "v"]
    assert tables == {"t"} and not everything
    changes.note("ExecuteStatement", b"{}")  # PartiQL: not followed item by item, so the next save is a whole one
    assert changes.take()[2] is True


def test_a_long_jump_walks_and_runs_the_schedules_on_the_way() -> None:
    from datetime import UTC, datetime

    from local.cloud import LocalCloud

    wall = Wall(start=1_800_000_000.0 - 1_800_000_000.0 % 3600)
    cloud = LocalCloud(port=0, quiet=True)
    cloud.clock = LocalClock(wall=wall)
    seen: list[float] = []
    spec = FunctionSpec("ConnectionExpiry", "x.handler", 3, {})
    spec._callable = lambda event, _ctx: seen.append(datetime.fromisoformat(event["time"]).timestamp())
    product_clock.install(cloud.clock.time)
    try:
        cloud.schedules = [Schedule(spec, "rate(1 hour)", now=cloud.clock.time)]
        steps = cloud.move_clock(7 * 86400)
    finally:
        product_clock.reset()
        cloud.chat.stop()
    assert steps == 48
    assert len(seen) == 48  # a reminder due three days before an expiry is not jumped over
    gaps = [later - earlier for earlier, later in itertools.pairwise(seen)]
    assert max(gaps) <= 7 * 86400 / 48 + 1
    assert cloud.clock.time() == datetime.fromtimestamp(wall.now + 7 * 86400, UTC).timestamp()


def test_a_bases_items_travel_as_tuples_and_come_back_the_same() -> None:
    import pickle

    import boto3
    from moto import mock_aws

    from local.state import dynamodb_backends_in_use, items_apart, put_items_back

    with mock_aws():
        client = boto3.client("dynamodb", region_name="eu-west-1")
        client.create_table(
            TableName="t",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        item = {
            "pk": {"S": "ORG#a"},
            "sk": {"S": "SHARE#1"},
            "n": {"N": "3.5"},
            "tags": {"SS": ["x", "y"]},
            "nested": {"M": {"list": {"L": [{"S": "a"}, {"M": {"b": {"BOOL": True}}}]}, "none": {"NULL": True}}},
            "raw": {"B": b"\x00\x01"},
        }
        client.put_item(TableName="t", Item=item)
        before = client.get_item(TableName="t", Key={"pk": item["pk"], "sk": item["sk"]})["Item"]
        with items_apart() as encoded:
            assert client.scan(TableName="t")["Count"] == 0  # detached while the base is pickled
            travelled = pickle.loads(pickle.dumps(encoded))
        assert client.scan(TableName="t")["Count"] == 1  # and put back after
        next(b for b in dynamodb_backends_in_use() if "t" in b.tables).tables["t"].items.clear()
        put_items_back(travelled)
        after = client.get_item(TableName="t", Key={"pk": item["pk"], "sk": item["sk"]})["Item"]
        assert after == before
        query = client.query(TableName="t", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": item["pk"]})
        assert query["Count"] == 1
