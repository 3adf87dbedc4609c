"""Caps hold under concurrency: six shares at once against a daily cap of three store exactly three.

The guard reads the counters first, so concurrent requests all see room; what makes the cap hold
is the transaction that stores a share, whose counter updates are conditional on the cap
(`shares < :cap`). This runs through the local cloud's HTTP API with its handlers in concurrent
threads, on whichever backend the run uses: DynamoDB Local in `make test-fidelity`
(`--backend localstack`), the moto server with `--backend moto`. docs/fidelity.md records what
each backend showed.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest

from tests.integration.test_share_dispatch import guard_settings, publish, settle, share

pytestmark = pytest.mark.fidelity

CAP = 3
CONCURRENT = 6
ROUNDS = 4


def _day_counter(cloud, org, sub: str) -> list[int]:
    table = boto3.resource("dynamodb").Table(cloud.template.physical_name("SharesTable", "TableName"))
    items = table.query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :cap)",
        ExpressionAttributeValues={":pk": f"ORG#{org.id}#EMPLOYEE#{sub}", ":cap": "CAP#linkedin#2"},
    )["Items"]
    return [int(i["shares"]) for i in items if "-W" not in i["sk"]]


def test_concurrent_shares_never_exceed_the_daily_cap(cloud, org):
    guard_settings(org, max_shares_per_day=CAP, max_shares_per_week=100)
    ids = [publish(org, url=f"https://example.com/c/{n}", title=f"Item {n}") for n in range(CONCURRENT)]
    outcomes = []
    for round_ in range(ROUNDS):
        sub = f"advocate{round_}"
        who = org.employee(sub, "Engineering", followers=100)
        settle(org, who, ids)
        with ThreadPoolExecutor(CONCURRENT) as pool:
            replies = list(pool.map(lambda c, w=who, s=sub: share(org, w, c, f"My take on {c}, in my own words ({s})."), ids))
        accepted = [r for r in replies if r.status_code == 202]
        refused = [r for r in replies if r.status_code == 409]
        outcomes.append((len(accepted), sorted({r.json()["error"]["code"] for r in refused})))
        assert len(accepted) == CAP, [r.text for r in replies]
        assert len(refused) == CONCURRENT - CAP
        assert {r.json()["error"]["code"] for r in refused} <= {"daily_cap_reached", "cap_race"}
        assert _day_counter(cloud, org, sub) == [CAP]
        mine = org.http.get("/v1/shares", headers=who).json()["items"]
        assert len([s for s in mine if s["status"] not in ("failed", "cancelled")]) == CAP
    print(f"\n{ROUNDS} rounds of {CONCURRENT} concurrent shares, cap {CAP}: accepted/refused codes {outcomes}")
