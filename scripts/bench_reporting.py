"""Reporting at 1k and at 100k shares: DynamoDB calls and latency of a 90-day summary (`make bench-reporting`).

How the store is filled (moto in-process, the template's own table):
- Synthetic events: 1,000 enrolled employees in 10 departments, 200 content items, and N
  shares spread over the last 90 days (LinkedIn, X, Bluesky), each with 0–12 clicks
  (6 on average, the benchmark), about 80% of them unique.
- Each event goes through the projector's own `writes_for`, with the facts it would have
  read (bitmap slots, activity guards, share copies) kept in memory, and the writes are
  folded into items that are then batch-written. Projecting 700k events one transaction at
  a time is what production does, spread over 90 days; in moto every transaction deep-copies
  the table, so it would take hours here. The fold is checked first: a small event set run
  through the real projector gives exactly the same items as the fold.
- Event markers are not written: they live in their own partitions, no report reads them,
  and they expire after 30 days, so most of a 90-day history's markers are gone anyway.

How it is measured:
- The summary handler is invoked with the API Gateway event AWS would send, for the
  90 days ending today; the org's settings cache is cleared before every run, so the count
  includes the settings read. DynamoDB calls are counted with botocore `before-call` hooks.
- moto answers a Query by sorting every item of the table (DynamoDB reads one partition),
  so its latency grows with the table, whatever the access pattern. The latency that
  measures the access pattern is taken with moto's base-table Query reading only the
  queried partition; moto's own numbers are printed too.

What grows with the organisation (`--employees`, `--backend`): orgs of 1,000 and 10,000
employees (one share per employee over the 90 days, and their clicks; only the partitions these
routes read are written: people, boards, directory), then one employee's
"my impact" and the month's leaderboard: calls, items read and latency, on moto (its Query
reading only the queried partition, as above) and on DynamoDB Local (AWS's own engine, started
by `local.emulators` without Docker; moto passes DynamoDB's calls through to it).

Prints figures; asserts nothing (targets: calls do not grow with shares; latency ratio ≤ 1.2).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _entry in (ROOT, ROOT / "shared", ROOT / "functions"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

SIZES = (1_000, 100_000)
ORG_SIZES = (1_000, 10_000)
EMPLOYEES = 1_000
DEPARTMENTS = 10
CONTENT_ITEMS = 200
DAYS = 90
NETWORK_WEIGHTS = (("linkedin", 80), ("x", 15), ("bluesky", 5))


# --- synthetic events ---------------------------------------------------------------------


def synthetic(
    shares: int, employees: int = EMPLOYEES, contents: int = CONTENT_ITEMS, seed: int = 7
) -> Iterator[tuple[Any, str, datetime]]:
    """(event, event_id, occurred_at) for the joins, the shares and their clicks."""
    from estafette.domain import ContentType, EmployeeProfile, Network
    from estafette.events import ContentPublished, EmployeeJoined, LinkClicked, SharePosted

    rng = random.Random(seed)
    today = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    start = today - timedelta(days=DAYS - 1)
    followers = [rng.randint(100, 1500) for _ in range(employees)]
    for n in range(employees):
        profile = EmployeeProfile(employee_id=f"emp{n:04d}", name=f"Employee {n}", department=f"Dept {n % DEPARTMENTS}")
        yield EmployeeJoined(profile=profile, provider="generic"), f"join-{n}", start - timedelta(days=30)
    for c in range(contents):
        content = ContentPublished(
            content_id=f"c{c:03d}",
            content_type=ContentType.NEWS,
            url=f"https://example.com/{c}",
            title=f"Item {c}",
            slug=f"item-{c}",
            published_at=start,
        )
        yield content, f"content-{c}", start
    networks = [Network(name) for name, _ in NETWORK_WEIGHTS]
    weights = [weight for _, weight in NETWORK_WEIGHTS]
    for s in range(shares):
        employee = rng.randrange(employees)
        network = rng.choices(networks, weights)[0]
        posted_at = start + timedelta(days=s * DAYS // shares, minutes=rng.randrange(600))
        share = SharePosted(
            share_id=f"s{s:06d}",
            employee_id=f"emp{employee:04d}",
            content_id=f"c{rng.randrange(contents):03d}",
            network=network,
            external_post_id=f"post-{s}",
            tracked_code=f"code{s}",
            tracked_url=f"https://go.example/r/code{s}",
            target_url="https://example.com",
            content_slug="item",
            department=f"Dept {employee % DEPARTMENTS}",
            followers=followers[employee],
            posted_at=posted_at,
        )
        yield share, f"s{s}-posted", posted_at
        for k in range(rng.randint(0, 12)):
            clicked_at = min(posted_at + timedelta(hours=rng.randrange(48)), today)
            click = LinkClicked(
                tracked_code=share.tracked_code,
                share_id=share.share_id,
                employee_id=share.employee_id,
                content_id=share.content_id,
                network=network,
                department=share.department,
                unique=rng.random() < 0.8,
                clicked_at=clicked_at,
            )
            yield click, f"s{s}-click-{k}", clicked_at


# --- the fold: the projector's writes, applied in memory ----------------------------------


TIME_FIELD = {
    "SharePosted": "posted_at",
    "LinkClicked": "clicked_at",
    "MetricsHarvested": "harvested_at",
    "OpportunityLogged": "logged_at",
}


class Fold:
    """What the projector would leave in the table after these events (markers aside)."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], dict[str, Any]] = {}

    def apply(self, event: Any, event_id: str, at: datetime, org_id: str) -> None:
        from dataclasses import replace

        from estafette.events import (
            EmployeeJoined,
            EmployeeLeft,
            EventMetadata,
            LinkClicked,
            MetricsHarvested,
            OpportunityLogged,
            SharePosted,
        )
        from estafette.settings import DEFAULT_POINTS
        from reporting import store
        from reporting.board_index import INDEX_SK, fingerprint
        from reporting.periods import board_periods
        from reporting.projector import Known, utc_day, writes_for

        metadata = EventMetadata(event_id=event_id, org_id=org_id, occurred_at=at)
        known = Known()
        if isinstance(event, SharePosted):
            person = self.person(org_id, event.employee_id)
            guard = (store.guard_pk(org_id, utc_day(event.posted_at)), store.emp_sk(event.employee_id))
            slots = self.items.get((store.org_pk(org_id), store.DIRECTORY_SK), {}).get("next_index", 0)
            known = Known(index=person["index"], first_share_of_day=guard not in self.items, slots=slots)
        elif isinstance(event, MetricsHarvested):
            known = Known(share=self.items.get((store.share_pk(org_id, event.share_id), "SHARE")))
        elif isinstance(event, EmployeeJoined):
            known = Known(person=dict(self.person(org_id, event.profile.employee_id)))
        elif isinstance(event, EmployeeLeft):
            known = Known(person=self.items.get((store.people_pk(org_id), store.emp_sk(event.employee_id))))
        if isinstance(event, SharePosted | LinkClicked | MetricsHarvested | OpportunityLogged | EmployeeLeft):
            # The employee's board rows as the projector reads them, and the default rules: the index moves too.
            employee_id = event.employee_id
            day = utc_day(at if isinstance(event, EmployeeLeft) else getattr(event, TIME_FIELD[type(event).__name__]))
            boards = {
                p: dict(self.items.get((store.board_pk(org_id, p), store.emp_sk(employee_id)), {})) for p in board_periods(day)
            }
            row = self.items.get((store.people_pk(org_id), store.emp_sk(employee_id)))
            for p in boards:  # a board's first event indexes it (board_index.rescore of an empty board)
                meta = self.items.setdefault((store.board_pk(org_id, p), INDEX_SK), {"ranked": 0, "gen": 1})
                meta.setdefault("rules", fingerprint(DEFAULT_POINTS))
            gens = dict.fromkeys(boards, 1)
            known = replace(known, boards=boards, gens=gens, rules=dict(DEFAULT_POINTS), person=known.person or row)
        for write in writes_for(event, metadata, known):
            if write.pk.startswith(f"ORG#{org_id}#EVENT#"):
                continue  # markers: see the module docstring
            item = self.items.setdefault(write.key, {})
            if write.new_item is not None:
                item.update(write.new_item)
                continue
            item.update(write.set)
            for name in write.remove:
                item.pop(name, None)
            for name, value in write.keep.items():
                item.setdefault(name, value)
            for name, amount in write.add.items():
                item[name] = item.get(name, 0) + amount

    def person(self, org_id: str, employee_id: str) -> dict[str, Any]:
        """The people item, with a bitmap slot allocated as `store.allocate_index` does."""
        from reporting import store

        person = self.items.setdefault((store.people_pk(org_id), store.emp_sk(employee_id)), {})
        if "index" not in person:
            directory = self.items.setdefault((store.org_pk(org_id), store.DIRECTORY_SK), {})
            person["index"] = directory.get("next_index", 0)
            person.setdefault("employee_id", employee_id)
            directory["next_index"] = person["index"] + 1
        return person

    def write(self, table: Any) -> int:
        with table.batch_writer() as batch:
            for (pk, sk), item in self.items.items():
                batch.put_item(Item={"pk": pk, "sk": sk, **item})
        return len(self.items)


def comparable(items: list[dict[str, Any]], org_id: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Items without markers and expiry times, keyed with the org name taken out."""
    found = {}
    for item in items:
        if "#EVENT#" in item["pk"]:
            continue
        key = (item["pk"].replace(org_id, "ORG"), item["sk"].replace(org_id, "ORG"))
        found[key] = {
            k: (
                int(v)
                if hasattr(v, "as_integer_ratio") and not isinstance(v, bool)
                else v.replace(org_id, "ORG")
                if isinstance(v, str)
                else v
            )
            for k, v in item.items()
        }
        for name in ("pk", "sk", "ttl"):
            found[key].pop(name, None)
    return found


def verify_fold(table: Any) -> tuple[bool, int]:
    """A small history through the real projector and through the fold: the same items?"""
    from estafette.events import EventMetadata
    from reporting.projector import project

    events = list(synthetic(40, employees=20, contents=5, seed=11))
    fold = Fold()
    for event, event_id, at in events:
        project(event, EventMetadata(event_id=event_id, org_id="verify-projector", occurred_at=at))
        fold.apply(event, event_id, at, "verify-fold")
    fold.write(table)
    items = scan(table)
    projected = comparable([i for i in items if "verify-projector" in i["pk"]], "verify-projector")
    folded = comparable([i for i in items if "verify-fold" in i["pk"]], "verify-fold")
    return projected == folded, len(events)


def scan(table: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {}
    while True:
        page = table.scan(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


# --- measuring ----------------------------------------------------------------------------


@contextmanager
def partition_query() -> Iterator[None]:
    """moto's base-table Query reads only the queried partition, as DynamoDB's does."""
    from moto.dynamodb.models.table import Table

    original = Table.query

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        if index_name or hash_key is None:
            return original(self, hash_key, *args, **kwargs)
        everything = self.items
        self.items = {hash_key: everything[hash_key]} if hash_key in everything else {}
        try:
            return original(self, hash_key, *args, **kwargs)
        finally:
            self.items = everything

    Table.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        Table.query = original  # type: ignore[method-assign]


class CallCounter:
    """DynamoDB calls by operation (`before-call`) and items read (`after-call`: a Query's Count, BatchGetItem's items)."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.read = 0

    def __call__(self, model: Any, **_kwargs: Any) -> None:
        self.calls.append(model.name)

    def after(self, model: Any, parsed: dict[str, Any], **_kwargs: Any) -> None:
        if model.name == "Query":
            self.read += int(parsed.get("Count", 0))
        elif model.name == "BatchGetItem":
            self.read += sum(len(items) for items in parsed.get("Responses", {}).values())
        elif model.name == "GetItem":
            self.read += 1 if parsed.get("Item") else 0

    def attach(self, *clients: Any) -> None:
        for c in {id(c): c for c in clients}.values():  # tables may share one client: count its calls once
            c.meta.events.register("before-call.dynamodb", self)
            c.meta.events.register("after-call.dynamodb", self.after)

    def detach(self, *clients: Any) -> None:
        for c in {id(c): c for c in clients}.values():
            c.meta.events.unregister("before-call.dynamodb", self)
            c.meta.events.unregister("after-call.dynamodb", self.after)


def request(path: str, query: str, org_id: str, roles: str) -> Callable[[], dict[str, Any]]:
    from local.gateway import http_api_event
    from local.runtime import LambdaContext

    module = "reporting.handlers.me" if path.startswith("/v1/me") else "reporting.handlers.api"
    handler = __import__(module, fromlist=["lambda_handler"]).lambda_handler
    claims = {"sub": "emp0001", "org_id": org_id, "roles": f"[{roles}]"}

    def invoke() -> dict[str, Any]:
        event = http_api_event("GET", path, path, query, {}, b"", claims=claims)
        result = handler(event, LambdaContext("bench", 10))
        assert result["statusCode"] == 200, result
        return result  # type: ignore[no-any-return]

    return invoke


def count_calls(invoke: Callable[[], Any], counter: CallCounter) -> list[str]:
    """The DynamoDB calls of one request, settings read included (its cache is cleared first)."""
    from estafette import settings

    settings.clear_cache()
    counter.calls.clear()
    counter.read = 0
    invoke()
    return list(counter.calls)


def timings(invokers: dict[int, Callable[[], Any]], runs: int) -> dict[int, float]:
    """Median latency per size in ms; sizes alternate run by run, with the garbage collector off, as timeit does."""
    from estafette import settings

    measured: dict[int, list[float]] = {size: [] for size in invokers}
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            for size, invoke in invokers.items():
                settings.clear_cache()
                started = time.perf_counter()
                invoke()
                measured[size].append(time.perf_counter() - started)
    finally:
        gc.enable()
    return {size: statistics.median(values) * 1000 for size, values in measured.items()}


def describe(calls: list[str]) -> str:
    counts: dict[str, int] = {}
    for name in calls:
        counts[name] = counts.get(name, 0) + 1
    return f"{len(calls)} ({', '.join(f'{n} {name}' for name, n in counts.items())})"


# --- what grows with the organisation ------------------------------------------------------


def environment() -> None:
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(name, None)
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="eu-west-1",
        POWERTOOLS_METRICS_DISABLED="true",
        POWERTOOLS_LOG_LEVEL="WARNING",
        LOG_LEVEL="WARNING",
    )


@contextmanager
def provisioned(dynamodb_endpoint: str | None = None) -> Iterator[tuple[Any, Any]]:
    """moto with the template's resources; with `dynamodb_endpoint`, the tables live there. Yields (template, table)."""
    from moto import mock_aws

    environment()
    if dynamodb_endpoint:
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = dynamodb_endpoint
    with mock_aws():
        from estafette import aws, config
        from local.provision import provision
        from local.runtime import functions_of, merged_environment
        from local.template import Template

        template = Template.load(parameters={"JwtIssuer": "x", "JwtAudience": ["a"], "TrackedLinkBaseUrl": "x"})
        provision(template)
        os.environ.update(merged_environment(functions_of(template)))
        config.load.cache_clear()
        aws.reset()
        from reporting.config import config as reporting_config

        try:
            yield template, aws.table(reporting_config().reporting_table_name)
        finally:
            if dynamodb_endpoint:
                client = aws.client("dynamodb")
                for name in client.list_tables()["TableNames"]:
                    client.delete_table(TableName=name)
            os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)


GROWS = [
    ("my impact, all time", "/v1/me/impact", ""),
    ("my impact, month", "/v1/me/impact", "board=month"),
    ("leaderboard, month", "/v1/reports/leaderboard", "board=month"),
    ("leaderboard, all time", "/v1/reports/leaderboard", "board=all"),
]


def index_check() -> bool:
    """A small history through the real projector (a leaver, then a rules change): does the board index
    answer what reading the whole board answers? Run on DynamoDB Local, whose engine is AWS's own."""
    from estafette import settings
    from estafette.events import EmployeeLeft, EventMetadata, LinkClicked
    from estafette.settings import OrgSettings
    from reporting import impact, leaderboard, periods
    from reporting.periods import Board
    from reporting.projector import project

    org = "index-check"
    now = datetime.now(UTC)
    clicks: list[Any] = []
    for event, event_id, at in synthetic(12, employees=6, contents=2, seed=5):
        project(event, EventMetadata(event_id=event_id, org_id=org, occurred_at=at))
        clicks += [event] if isinstance(event, LinkClicked) else []

    def same() -> bool:
        rules = settings.for_org(org).reporting
        ok = True
        for board in Board:
            full = leaderboard.standings(org, board, periods.today(), rules)
            indexed = leaderboard.leaderboard(org, board, periods.today(), 50, rules)
            ok &= [s.entry() for s in full] == indexed["entries"] and len(full) == indexed["ranked"]
            for standing in full:
                you = impact.rank(org, standing.employee_id, board, periods.today(), rules, "en")["you"]
                ok &= you["rank"] == standing.rank and you["points"] == standing.points
        return ok

    before = same()
    leaver = clicks[-1].employee_id
    project(EmployeeLeft(employee_id=leaver, provider="generic"), EventMetadata(event_id="left", org_id=org, occurred_at=now))
    after_leaver = same()
    settings.save(org, OrgSettings.model_validate({"reporting": {"points": {"share": 1, "click": 10}}}), "bench")
    click = clicks[0].model_copy(update={"clicked_at": now})
    project(click, EventMetadata(event_id="after-rules", org_id=org, occurred_at=now))
    return before and after_leaver and same()


def grows(backend: str, endpoint: str | None, sizes: list[int], runs: int) -> None:
    """Calls, items read and latency of my impact and the leaderboard for orgs of each size."""
    from estafette import aws

    with provisioned(endpoint) as (template, table):
        print(f"What grows with the organisation ({backend})")
        if endpoint:
            verdict = "the same" if index_check() else "DIFFERENT answers"
            print(f"  index check: ranks from the board index and from the whole board (a leaver, a rules change): {verdict}")
        for employees in sizes:
            began = time.perf_counter()
            fold = Fold()
            for event, event_id, at in synthetic(employees, employees=employees):
                fold.apply(event, event_id, at, f"people-{employees}")
            read = ("#PEOPLE", "#BOARD#")
            fold.items = {k: v for k, v in fold.items.items() if k[1] == "DIRECTORY" or any(p in k[0] for p in read)}
            written = fold.write(table)
            took = time.perf_counter() - began
            print(f"  {employees:>6,} employees, {employees:,} shares: {written:,} items written in {took:.0f}s")
        counter = CallCounter()
        clients = (table.meta.client, aws.table(template.physical["SettingsTable"]).meta.client)
        rows = []
        for label, path, query in GROWS:
            roles = "employee" if path.startswith("/v1/me") else "curator"
            invokers = {size: request(path, query, f"people-{size}", roles) for size in sizes}
            with partition_query() if endpoint is None else contextlib.nullcontext():
                for invoke in invokers.values():
                    invoke()  # warms up and creates the clients the hooks attach to
                counter.attach(*clients)
                measured = {}
                for size, invoke in invokers.items():
                    calls = count_calls(invoke, counter)
                    measured[size] = (calls, counter.read)
                counter.detach(*clients)
                latency = timings(invokers, runs)
            rows.append((label, measured, latency))
        print(f"\n  {'':<24}" + "".join(f"{f'{size:,} employees':>52}" for size in sizes))
        print(f"  {'':<24}" + "".join(f"{'calls':>40}{'items read':>12}" for _ in sizes) + "   latency (median)")
        for label, measured, latency in rows:
            cells = "".join(f"{describe(measured[size][0]):>40}{measured[size][1]:>12,}" for size in sizes)
            times = " → ".join(f"{latency[size]:.0f}ms" for size in sizes)
            print(f"  {label:<24}{cells}   {times}")
        print()


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per report and size (median is printed)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--employees", type=int, nargs="+", default=list(ORG_SIZES), help="org sizes for what grows")
    parser.add_argument("--backend", choices=("moto", "dynamodb-local", "both"), default="both", help="for what grows")
    parser.add_argument("--only", choices=("shares", "grows"), help="run one part only")
    args = parser.parse_args(argv)

    if args.only != "grows":
        shares_part(args)
    if args.only != "shares":
        runs = max(3, args.runs // 6)
        if args.backend in ("moto", "both"):
            grows("moto in-process", None, args.employees, runs)
        if args.backend in ("dynamodb-local", "both"):
            from local.emulators import dynamodb_local

            with dynamodb_local() as endpoint:
                grows("DynamoDB Local", endpoint, args.employees, runs)
    return 0


def shares_part(args: argparse.Namespace) -> None:
    environment()
    from moto import mock_aws

    with mock_aws():
        from estafette import aws, config
        from local.provision import provision
        from local.runtime import functions_of, merged_environment
        from local.template import Template

        template = Template.load(parameters={"JwtIssuer": "x", "JwtAudience": ["a"], "TrackedLinkBaseUrl": "x"})
        provision(template)
        os.environ.update(merged_environment(functions_of(template)))
        config.load.cache_clear()
        aws.reset()
        from reporting.config import config as reporting_config

        table = aws.table(reporting_config().reporting_table_name)

        print("Reporting benchmark (moto in-process)\n")
        same, events = verify_fold(table)
        print(
            f"fold check: {events} events through the projector and through the fold give "
            f"{'the same items' if same else 'DIFFERENT items'}\n"
        )

        reports = [
            ("summary, 90 days", "/v1/reports/summary", None),
            ("daily series, 90 days", "/v1/reports/timeseries", None),
            ("departments, 90 days", "/v1/reports/departments", None),
            ("leaderboard, month", "/v1/reports/leaderboard", "board=month"),
            ("my impact", "/v1/me/impact", ""),
        ]
        for size in args.sizes:
            began = time.perf_counter()
            fold = Fold()
            counts = {"SharePosted": 0, "LinkClicked": 0}
            for event, event_id, at in synthetic(size):
                fold.apply(event, event_id, at, f"bench-{size}")
                counts[event.name()] = counts.get(event.name(), 0) + 1
            written = fold.write(table)
            print(
                f"{counts['SharePosted']:>7,} shares, {counts['LinkClicked']:>7,} clicks: "
                f"{written:>7,} items written in {time.perf_counter() - began:.0f}s"
            )
        print()

        start = (datetime.now(UTC) - timedelta(days=DAYS - 1)).date()
        counter = CallCounter()
        calls: dict[str, dict[int, list[str]]] = {}
        latency: dict[str, dict[int, float]] = {}
        for label, path, query in reports:
            roles = "employee" if path.startswith("/v1/me") else "curator"
            q = query if query is not None else f"from={start.isoformat()}"
            invokers = {size: request(path, q, f"bench-{size}", roles) for size in args.sizes}
            with partition_query():
                for invoke in invokers.values():
                    invoke()  # warms up and creates the clients the hooks attach to
                if not calls:
                    counter.attach(table.meta.client, aws.table(template.physical["SettingsTable"]).meta.client)
                calls[label] = {size: count_calls(invoke, counter) for size, invoke in invokers.items()}
                latency[label] = timings(invokers, args.runs if label.startswith("summary") else max(3, args.runs // 6))
        as_shipped = timings(
            {
                size: request("/v1/reports/summary", f"from={start.isoformat()}", f"bench-{size}", "curator")
                for size in args.sizes
            },
            3,
        )

        small, large = min(args.sizes), max(args.sizes)
        print(f"{'DynamoDB calls':<24}{f'at {small:,} shares':<42}{f'at {large:,} shares':<42}")
        for label, *_ in reports:
            print(f"{label:<24}{describe(calls[label][small]):<42}{describe(calls[label][large]):<42}")
        print(f"\n{'latency (median)':<24}{f'{small:,} shares':>14}{f'{large:,} shares':>16}{'ratio':>8}")
        for label, *_ in reports:
            a, b = latency[label][small], latency[label][large]
            print(f"{label:<24}{a:>12.1f}ms{b:>14.1f}ms{b / a:>8.2f}")
        summary_calls = calls["summary, 90 days"]
        ratio = latency["summary, 90 days"][large] / latency["summary, 90 days"][small]
        grows = len(summary_calls[large]) > len(summary_calls[small])
        print(
            f"\ntargets, 90-day summary: calls do not grow with shares: {'NO' if grows else 'yes'} "
            f"({len(summary_calls[small])} → {len(summary_calls[large])}); "
            f"latency ratio ≤ 1.2: {'yes' if ratio <= 1.2 else 'NO'} ({ratio:.2f})"
        )
        print(
            f"moto as shipped (its Query sorts the whole table, {large:,}-share org and all): "
            f"{as_shipped[small]:.0f}ms → {as_shipped[large]:.0f}ms"
        )
        print(
            "departments, leaderboard and my impact read one item per person (the people and the board): "
            "they follow the number of advocates active in the period, never the number of shares."
        )
        print()


if __name__ == "__main__":
    sys.exit(main())
