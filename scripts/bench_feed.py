"""Feed benchmark: DynamoDB calls and latency per feed page with libraries of 100 and 10,000 items,
and the work publishing one item fans out (`make bench-feed`).

Runs in-process with the template's own table, on moto and on DynamoDB Local (AWS's own engine,
started by `local.emulators` without Docker; `--backend` picks one). Calls are counted with botocore
`before-call` hooks on the content table's client; items read with `after-call` hooks (the
`Count` of each Query, the items of each BatchGetItem). Both libraries are built by one
generator with the same mix of audiences (everyone, one or two departments, department and
role, department and location, a language), so the only difference is size.

Target: the calls per page are the same at both sizes. moto answers a Query by walking the
whole table, so its time grows with the table where DynamoDB's does not; DynamoDB Local's
latency is the closer one (a local Java process, no network). A third library uses all 16
audience shapes, to show what a page costs when every shape is in use.
Always exits 0: it is a report, not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _entry in (ROOT, ROOT / "shared", ROOT / "functions"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

ORG = "bench"
SIZES = (100, 10_000)
DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "People", "Legal", "Support", "Operations"]
ROLES = ["Consultant", "Manager", "Engineer", "Analyst"]
LOCATIONS = ["Amsterdam", "Utrecht", "Rotterdam"]
TYPES = ["news", "expertise", "industry", "event", "vacancy"]
EVA = {"department": "Engineering", "role": "Consultant", "location": "Amsterdam", "language": "en"}
SHARED_BY_EVA = 10


# --- set-up ---------------------------------------------------------------------------------


@contextmanager
def emulated_stack(dynamodb_endpoint: str | None = None) -> Iterator[None]:
    """moto for everything; with `dynamodb_endpoint`, DynamoDB is that endpoint (moto passes its calls through)."""
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(name, None)
    if dynamodb_endpoint:
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = dynamodb_endpoint
    os.environ.update(
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="eu-west-1",
        POWERTOOLS_METRICS_DISABLED="true",
        POWERTOOLS_LOG_LEVEL="ERROR",
        LOG_LEVEL="ERROR",
    )
    from moto import mock_aws

    from local.provision import provision
    from local.runtime import functions_of, merged_environment
    from local.template import Template

    with mock_aws():
        template = Template.load(
            parameters={
                "JwtIssuer": "https://issuer.example",
                "JwtAudience": ["bench"],
                "TrackedLinkBaseUrl": "https://go.example",
            }
        )
        provision(template)
        os.environ.update(merged_environment(functions_of(template)))
        from estafette import aws, config, settings

        config.load.cache_clear()
        aws.reset()
        settings.clear_cache()
        try:
            yield
        finally:
            if dynamodb_endpoint:  # DynamoDB Local outlives this stack: leave it empty for the next one
                client = aws.client("dynamodb")
                for name in client.list_tables()["TableNames"]:
                    client.delete_table(TableName=name)
            os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)


class Meter:
    """DynamoDB calls (by operation), items read and items written by the content table's client."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.read = 0
        self.written = 0
        self.entries_put = 0
        self.entries_deleted = 0
        self.aws_ms = 0.0
        self._started = 0.0

    def before(self, model: Any, **_: Any) -> None:
        self.calls[model.name] += 1
        self._started = time.perf_counter()

    def parameters(self, model: Any, params: dict[str, Any], **_: Any) -> None:
        if model.name == "BatchWriteItem":
            for requests in params["RequestItems"].values():
                self.written += len(requests)
                self.entries_put += sum(1 for r in requests if "PutRequest" in r)
                self.entries_deleted += sum(1 for r in requests if "DeleteRequest" in r)
        elif model.name == "TransactWriteItems":
            self.written += len(params["TransactItems"])
        elif model.name in ("PutItem", "UpdateItem", "DeleteItem"):
            self.written += 1

    def after(self, model: Any, parsed: dict[str, Any], **_: Any) -> None:
        self.aws_ms += (time.perf_counter() - self._started) * 1000
        if model.name == "Query":
            self.read += int(parsed.get("Count", 0))
        elif model.name == "BatchGetItem":
            self.read += sum(len(items) for items in parsed.get("Responses", {}).values())
        elif model.name == "GetItem":
            self.read += 1 if parsed.get("Item") else 0

    @property
    def total(self) -> int:
        return sum(self.calls.values())


@contextmanager
def metered() -> Iterator[Meter]:
    from content_publishing import store

    meter = Meter()
    events = store._client().meta.events
    # before-call counts each call made; before-parameter-build sees its parameters (what it writes).
    events.register("before-call.dynamodb", meter.before)
    events.register("before-parameter-build.dynamodb", meter.parameters)
    events.register("after-call.dynamodb", meter.after)
    try:
        yield meter
    finally:
        events.unregister("before-call.dynamodb", meter.before)
        events.unregister("before-parameter-build.dynamodb", meter.parameters)
        events.unregister("after-call.dynamodb", meter.after)


def audience_for(rng: random.Random) -> dict[str, list[str]]:
    roll = rng.random()
    departments = rng.sample(DEPARTMENTS, 2)
    if roll < 0.20:
        return {}
    if roll < 0.60:
        return {"departments": departments[:1]}
    if roll < 0.75:
        return {"departments": departments}
    if roll < 0.85:
        return {"departments": departments[:1], "roles": [rng.choice(ROLES)]}
    if roll < 0.95:
        return {"departments": departments[:1], "locations": [rng.choice(LOCATIONS)]}
    return {"languages": ["nl"]}


def every_shape(rng: random.Random, n: int) -> dict[str, list[str]]:
    """Item n names the dimensions of shape n % 16 (Eva's value half of the time): all 16 shapes in use."""
    choices = {"departments": DEPARTMENTS, "roles": ROLES, "locations": LOCATIONS, "languages": ["en", "nl"]}
    audience = {}
    for bit, (name, values) in enumerate(choices.items()):
        if n >> bit & 1:
            mine = EVA[name.removesuffix("s")]
            audience[name] = [mine if rng.random() < 0.5 else rng.choice(values)]
    return audience


def build_library(size: int, seed: int = 7, all_shapes: bool = False) -> dict[str, int]:
    """`size` published items of org ORG, written with the same records the publish path writes."""
    from content_publishing import feed_index, store, targeting
    from content_publishing.model import ContentItem, Status
    from estafette.domain import EmployeeProfile

    rng = random.Random(seed)
    now = datetime.now(UTC)
    texts = {"en": ["Worth a read.", "Our take."], "nl": ["De moeite waard.", "Onze kijk."]}
    items = []
    for n in range(size):
        at = now - timedelta(minutes=rng.randrange(60 * 24 * 30))
        fields = {"type": rng.choice(TYPES), "url": f"https://example.com/articles/{n}", "title": f"Article {n}"}
        fields |= {"slug": f"article-{n}", "summary": "A short summary.", "suggested_texts": texts}
        fields["audience"] = every_shape(rng, n) if all_shapes else audience_for(rng)
        record = {"content_id": f"{n:08d}{rng.getrandbits(32):08x}", "org_id": ORG, "status": Status.PUBLISHED, "author": "anna"}
        items.append(ContentItem.model_validate(fields | record | {"published_at": at, "created_at": at, "updated_at": at}))
    entries = feed_index.load_published(items)
    store.put_profile(ORG, EmployeeProfile(employee_id="eva", **EVA))
    for item in rng.sample(items, SHARED_BY_EVA):
        store.mark_shared(ORG, "eva", item.content_id)
    return {"items": len(items), "feed entries": entries, "shapes": len({targeting.shape(i.audience) for i in items})}


# --- measurements ---------------------------------------------------------------------------


def measure_pages(pages: int, limit: int, repeat: int) -> list[dict[str, Any]]:
    """Walk the first `pages` pages `repeat` times; per page: calls, items read, latency."""
    from content_publishing import feed

    timings: dict[int, list[float]] = {}
    own: dict[int, list[float]] = {}
    seen: dict[int, tuple[Meter, int, bool]] = {}
    for _ in range(repeat):
        cursor = None
        for number in range(1, pages + 1):
            with metered() as meter:
                started = time.perf_counter()
                page = feed.page(ORG, "eva", limit=limit, cursor=cursor, at=datetime.now(UTC))
                elapsed = (time.perf_counter() - started) * 1000
            timings.setdefault(number, []).append(elapsed)
            own.setdefault(number, []).append(elapsed - meter.aws_ms)
            seen[number] = (meter, len(page.items), page.next_cursor is not None)
            cursor = page.next_cursor
            if cursor is None:
                break
    results = []
    for number, (meter, count, more) in sorted(seen.items()):
        results.append(
            {
                "page": number,
                "items": count,
                "more": more,
                "calls": meter.total,
                "by_operation": dict(sorted(meter.calls.items())),
                "read": meter.read,
                "median_ms": statistics.median(timings[number]),
                "own_ms": statistics.median(own[number]),
            }
        )
    return results


PUBLISH_CASES: list[tuple[str, dict[str, list[str]]]] = [
    ("everyone", {}),
    ("1 department", {"departments": ["Engineering"]}),
    ("3 departments", {"departments": ["Engineering", "Sales", "Support"]}),
    ("3 departments x 2 locations", {"departments": ["Engineering", "Sales", "Support"], "locations": ["Amsterdam", "Utrecht"]}),
    ("2 depts x 2 roles x 2 locations", {"departments": DEPARTMENTS[:2], "roles": ROLES[:2], "locations": LOCATIONS[:2]}),
    (
        "5 depts x 4 roles x 5 locs x 2 langs",
        {
            "departments": DEPARTMENTS[:5],
            "roles": ROLES,
            "locations": [*LOCATIONS, "Eindhoven", "Groningen"],
            "languages": ["en", "nl"],
        },
    ),
]


def measure_publishing() -> list[dict[str, Any]]:
    """Approve (publish), share and expire one item per audience, through the real code paths."""
    from content_publishing import feed_index, library
    from content_publishing.model import ContentIn
    from estafette.auth import Caller
    from estafette.domain import Role
    from estafette.publisher import RecordingPublisher

    anna = Caller("anna", ORG, frozenset({Role.CURATOR}))
    carl = Caller("carl", ORG, frozenset({Role.CURATOR}))
    events = RecordingPublisher()
    rows = []
    for label, audience in PUBLISH_CASES:
        body = ContentIn.model_validate(
            {"type": "expertise", "url": "https://example.com/a", "title": label, "suggested_texts": {"en": ["Read this"]}}
            | {"audience": audience}
        )
        item = library.create(anna, body)
        library.transition(anna, item.content_id, "submit", publisher=events)
        with metered() as publish:
            library.transition(carl, item.content_id, "approve", "ok", publisher=events)
        with metered() as share:
            started = time.perf_counter()
            feed_index.record_share(ORG, "daan", item.content_id, f"share-{item.content_id}")
            share_ms = (time.perf_counter() - started) * 1000
        with metered() as expire:
            library.transition(anna, item.content_id, "archive", "done", publisher=events)
        rows.append(
            {
                "audience": label,
                "entries": publish.entries_put,
                "deleted": expire.entries_deleted,
                "publish_calls": publish.total,
                "publish_writes": publish.written,
                "share_calls": share.total,
                "share_writes": share.written,
                "share_by_operation": dict(sorted(share.calls.items())),
                "share_ms": share_ms,
                "expire_calls": expire.total,
                "expire_writes": expire.written,
            }
        )
    return rows


def print_pages(rows: list[dict[str, Any]]) -> None:
    print(
        f"    {'page':>4}  {'items':>5}  {'more':>4}  {'calls':>5}  {'by operation':<26} {'items read':>10}"
        f"  {'median ms':>9}  {'of which not DynamoDB':>21}"
    )
    for row in rows:
        operations = ", ".join(f"{k} {v}" for k, v in row["by_operation"].items())
        print(
            f"    {row['page']:>4}  {row['items']:>5}  {'yes' if row['more'] else 'no':>4}  {row['calls']:>5}"
            f"  {operations:<26} {row['read']:>10}  {row['median_ms']:>9.1f}  {row['own_ms']:>21.1f}"
        )


def run(backend: str, endpoint: str | None, args: argparse.Namespace) -> None:
    print(f"=== {backend} ===\n")
    print(f"Feed pages: DynamoDB calls, items read and latency ({backend})")
    print(f"  employee: {EVA}; {SHARED_BY_EVA} items already shared; page size {args.limit}\n")
    per_size: dict[int, list[dict[str, Any]]] = {}
    libraries = [(size, False) for size in SIZES] + [(args.shapes_library, True)]
    for size, all_shapes in libraries:
        with emulated_stack(endpoint):
            started = time.perf_counter()
            shape = build_library(size, all_shapes=all_shapes)
            built = time.perf_counter() - started
            rows = measure_pages(args.pages, args.limit, args.repeat)
        if not all_shapes:
            per_size[size] = rows
        print(
            f"  library of {size:,} items ({shape['feed entries']:,} feed entries, {shape['shapes']} audience shapes;"
            f" built in {built:.1f}s)"
        )
        print_pages(rows)
        print()
    small, large = ([r["calls"] for r in per_size[s]] for s in SIZES)
    verdict = "MET" if set(small) == set(large) and len(set(small)) == 1 else "NOT MET"
    print(f"  Target (calls per page equal at {SIZES[0]:,} and {SIZES[1]:,} items): {verdict} ({small} vs {large})\n")

    print(f"Publish-time work per item (the real approve, share and archive paths; {backend})")
    with emulated_stack(endpoint):
        rows = measure_publishing()
    print(
        f"    {'audience':<36} {'feed entries':>12}  {'publish: calls':>14} {'writes':>6}  {'share: calls':>12} {'writes':>6}"
        f"  {'share ms':>8}  {'archive: calls':>14} {'writes':>6}   share by operation"
    )
    for row in rows:
        operations = ", ".join(f"{k} {v}" for k, v in row["share_by_operation"].items())
        print(
            f"    {row['audience']:<36} {row['entries']:>12}  {row['publish_calls']:>14} {row['publish_writes']:>6}"
            f"  {row['share_calls']:>12} {row['share_writes']:>6}  {row['share_ms']:>8.1f}  {row['expire_calls']:>14}"
            f" {row['expire_writes']:>6}   {operations}"
        )
    print(
        "\n  Publishing writes the item, its audit entry and an announce marker in one transaction, then one feed"
        "\n  entry per audience combination (BatchWriteItem, 25 a call) and the org's shape set; archiving deletes"
        "\n  the entries again. A share re-ranks the item's entries only when its count reaches the next step"
        "\n  (1, 3, 7...), 100 entries to a TransactWriteItems call.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="timed walks through the pages (median)")
    parser.add_argument("--limit", type=int, default=20, help="items per page")
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--shapes-library", type=int, default=1_000, help="items of the library that uses all 16 shapes")
    parser.add_argument("--backend", choices=("moto", "dynamodb-local", "both"), default="both")
    args = parser.parse_args(argv)

    if args.backend in ("moto", "both"):
        run("moto in-process", None, args)
    if args.backend in ("dynamodb-local", "both"):
        from local.emulators import dynamodb_local

        with dynamodb_local() as endpoint:
            run("DynamoDB Local", endpoint, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
