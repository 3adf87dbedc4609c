"""Dispatch benchmark (`make bench-dispatch`): 1,000 shares through the local cloud, twice.

1. A clean run: 1,000 shares by 50 employees on 20 content items, posted through the fake
   LinkedIn. Prints shares per second (first request to last post), AWS API calls per share in
   the dispatch worker (from the SQS batch received to SharePosted emitted), AWS API calls per
   share end to end (share API + worker + reporting projector, and every function together),
   and network calls per successful share.
2. The same with the fake LinkedIn failing 20% of calls with a transient 503: how many shares
   end posted, how many in ShareFailed, how many are lost and how many were posted twice.

AWS calls are counted with a botocore `before-call` hook on every client the functions create,
attributed to the function being invoked (the event source mappings' own receive/delete calls
are Lambda's, not the function's, and are listed apart). The worker's backoff base is set to
1 s here (10 s by default) so the failure run takes seconds, not minutes.

Figures only; nothing is asserted. Always exits 0.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _entry in (ROOT, ROOT / "shared", ROOT / "functions"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

import botocore.session  # noqa: E402
import httpx  # noqa: E402

from local import runtime  # noqa: E402

ORG = "bench"
EMPLOYEES = 50
ITEMS = 20  # per run: 50 employees × 20 items = 1,000 shares
E2E = ("ShareApiFunction", "DispatchWorkerFunction", "ProjectorFunction")


class AwsCalls:
    """Counts every AWS API call by the function that made it (thread-local attribution)."""

    def __init__(self) -> None:
        self.current = threading.local()
        self.counts: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()

    def install(self) -> None:
        counter = self
        create_client = botocore.session.Session.create_client

        def create_counted_client(session: Any, *args: Any, **kwargs: Any) -> Any:
            client = create_client(session, *args, **kwargs)
            client.meta.events.register("before-call", counter.before_call)
            return client

        botocore.session.Session.create_client = create_counted_client  # type: ignore[method-assign]
        invoke = runtime.FunctionSpec.invoke

        def counted_invoke(spec: runtime.FunctionSpec, event: dict[str, Any]) -> Any:
            previous = getattr(counter.current, "function", None)
            counter.current.function = spec.logical_id
            try:
                return invoke(spec, event)
            finally:
                counter.current.function = previous

        runtime.FunctionSpec.invoke = counted_invoke  # type: ignore[method-assign]

    def before_call(self, model: Any, **_: Any) -> None:
        function = getattr(self.current, "function", None) or "(event source mappings, bench)"
        with self.lock:
            self.counts[(function, f"{model.service_model.service_name}:{model.name}")] += 1

    def reset(self) -> None:
        with self.lock:
            self.counts.clear()

    def by_function(self) -> Counter[str]:
        totals: Counter[str] = Counter()
        for (function, _), n in self.counts.items():
            totals[function] += n
        return totals

    def operations(self, function: str) -> dict[str, int]:
        return {op: n for (f, op), n in sorted(self.counts.items()) if f == function}


def set_up(cloud: Any, http: httpx.Client) -> tuple[dict[str, dict[str, str]], list[list[str]]]:
    from local.seed import connect_linkedin, put_webhook_secret, send_webhook

    put_webhook_secret(ORG, {"generic": ["bench-secret"]})
    admin = {"Authorization": f"Bearer {cloud.token('bram', ['admin'], ORG)}"}
    curator = {"Authorization": f"Bearer {cloud.token('anna', ['curator'], ORG)}"}
    guard = {"max_shares_per_day": 50, "max_shares_per_week": 200, "near_duplicate_action": "off"}
    http.put("/v1/org/settings", json={"company_name": "Bench", "guard": guard}, headers=admin).raise_for_status()
    people = {}
    for n in range(EMPLOYEES):
        sub = f"emp{n:03d}"
        profile = {"employee_id": sub, "name": sub, "department": "Engineering", "language": "en"}
        send_webhook(cloud, ORG, "employee.joined", profile, secret="bench-secret").raise_for_status()
        connect_linkedin(cloud, ORG, sub, 500 + n)
        people[sub] = {"Authorization": f"Bearer {cloud.token(sub, ['employee'], ORG)}"}
    runs: list[list[str]] = [[], []]
    for run in (0, 1):
        for n in range(ITEMS):
            body = {"type": "expertise", "url": f"https://example.com/r{run}/{n}", "title": f"Run {run} item {n}", "audience": {}}
            created = http.post("/v1/content", json=body, headers=curator)
            created.raise_for_status()
            content_id = created.json()["content_id"]
            http.post(f"/v1/content/{content_id}/submit", headers=curator).raise_for_status()
            http.post(f"/v1/content/{content_id}/approve", json={"reason": "bench"}, headers=admin).raise_for_status()
            runs[run].append(content_id)
    # share_dispatch learns about content through the bus: wait until it knows every item.
    probe_who = next(iter(people.values()))
    for content_id in runs[0] + runs[1]:
        wait(
            lambda c=content_id: (
                http.post("/v1/shares", json={"content_id": c, "network": "facebook", "text": ""}, headers=probe_who).status_code
                != 404
            )
        )
    return people, runs


def wait(check: Any, timeout: float = 120.0, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    return None


def push(http: httpx.Client, people: dict[str, dict[str, str]], items: list[str]) -> dict[str, str]:
    """1,000 share requests; returns share id → tracked URL of those accepted."""
    accepted = {}
    for content_id in items:
        for sub, who in people.items():
            body = {"content_id": content_id, "network": "linkedin", "text": f"{sub} on {content_id}: my own take on this."}
            reply = http.post("/v1/shares", json=body, headers=who)
            if reply.status_code == 202:
                accepted[reply.json()["share_id"]] = reply.json()["tracked_url"]
            else:
                print(f"  refused: {reply.status_code} {reply.text[:160]}")
    return accepted


def statuses(http: httpx.Client, people: dict[str, dict[str, str]]) -> dict[str, str]:
    found = {}
    for who in people.values():
        for share in http.get("/v1/shares", headers=who).json()["items"]:
            found[share["share_id"]] = share["status"]
    return found


def run(http: httpx.Client, cloud: Any, calls: AwsCalls, people: dict, items: list[str], failure_rate: float) -> dict[str, Any]:
    linkedin = cloud.networks["linkedin"]
    linkedin.failure_rate = failure_rate
    posts_before, calls_before = len(linkedin.posts), linkedin.calls("POST", "/rest/posts")
    calls.reset()
    started = time.monotonic()
    accepted = push(http, people, items)
    requested_in = time.monotonic() - started

    def settled() -> dict[str, str] | None:
        now = statuses(http, people)
        mine = {s: now.get(s) for s in accepted}
        return mine if all(v in ("posted", "failed") for v in mine.values()) else None

    final = wait(settled, timeout=600, interval=1.0) or {s: statuses(http, people).get(s) for s in accepted}
    elapsed = time.monotonic() - started
    posted = sum(1 for v in final.values() if v == "posted")
    failed = sum(1 for v in final.values() if v == "failed")
    urls = Counter(p["url"] for p in linkedin.posts[posts_before:])
    mine = set(accepted.values())
    duplicated = sum(n - 1 for url, n in urls.items() if url in mine and n > 1)
    # The reporting projector has seen every SharePosted when its queue is drained.
    reporting = cloud.template.physical["ReportingEventsQueue"]
    import boto3

    sqs = boto3.session.Session().client("sqs")

    def drained() -> bool:
        attrs = sqs.get_queue_attributes(
            QueueUrl=reporting, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
        )["Attributes"]
        return attrs["ApproximateNumberOfMessages"] == "0" and attrs["ApproximateNumberOfMessagesNotVisible"] == "0"

    wait(drained, timeout=120, interval=0.5)
    time.sleep(1.5)
    linkedin.failure_rate = 0.0
    return {
        "accepted": len(accepted),
        "posted": posted,
        "failed": failed,
        "lost": len(accepted) - posted - failed,
        "duplicated": duplicated,
        "elapsed": elapsed,
        "requested_in": requested_in,
        "network_calls": linkedin.calls("POST", "/rest/posts") - calls_before,
        "calls": calls.by_function(),
        "worker_ops": calls.operations("DispatchWorkerFunction"),
        "api_ops": calls.operations("ShareApiFunction"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    calls = AwsCalls()
    calls.install()
    from estafette import config
    from local.cloud import LocalCloud

    print("Starting the local cloud…", flush=True)
    with LocalCloud(port=0, quiet=True) as cloud:
        os.environ["DISPATCH_BACKOFF_BASE_SECONDS"] = "1"
        config.load.cache_clear()
        with httpx.Client(base_url=cloud.base_url, timeout=30) as http:
            print(f"Setting up {EMPLOYEES} employees with LinkedIn connections and {2 * ITEMS} content items…", flush=True)
            people, items = set_up(cloud, http)
            print(f"Run 1: {EMPLOYEES * ITEMS} shares, the network healthy…", flush=True)
            clean = run(http, cloud, calls, people, items[0], 0.0)
            print(f"Run 2: {EMPLOYEES * ITEMS} shares, the network failing 20% of calls transiently…", flush=True)
            flaky = run(http, cloud, calls, people, items[1], 0.2)
    report(clean, flaky)
    return 0


def report(clean: dict[str, Any], flaky: dict[str, Any]) -> None:
    posted = max(clean["posted"], 1)
    c = clean["calls"]
    worker = c["DispatchWorkerFunction"] / posted
    e2e = sum(c[f] for f in E2E) / posted
    every = sum(n for f, n in c.items() if not f.startswith("(")) / posted
    print()
    print("Dispatch benchmark")
    print("==================")
    print(f"shares accepted / posted (run 1)              {clean['accepted']} / {clean['posted']}")
    print(
        f"shares per second (request → posted)          {clean['posted'] / clean['elapsed']:.1f}"
        f"   ({clean['elapsed']:.1f} s; the 1,000 requests alone took {clean['requested_in']:.1f} s)"
    )
    print(f"AWS calls per share, dispatch worker          {worker:.2f}   (target ≤ 3)")
    for op, n in clean["worker_ops"].items():
        print(f"    {op:<40} {n / posted:.2f}")
    print(f"AWS calls per share, end to end               {e2e:.2f}   (share API + worker + reporting projector)")
    for function in E2E:
        print(f"    {function:<40} {c[function] / posted:.2f}")
    for op, n in clean["api_ops"].items():
        print(f"      api {op:<36} {n / posted:.2f}")
    print(f"AWS calls per share, every function           {every:.2f}")
    for function, n in sorted(c.items()):
        if function not in E2E:
            print(f"    {function:<40} {n / posted:.2f}")
    print(f"network calls per successful share            {clean['network_calls'] / posted:.3f}   (must be 1.0)")
    print()
    print("With the network failing 20% of calls (transient 503)")
    print(f"    posted                                    {flaky['posted']}")
    print(f"    ShareFailed                               {flaky['failed']}")
    print(f"    lost                                      {flaky['lost']}   (target 0)")
    print(f"    duplicated                                {flaky['duplicated']}   (target 0)")
    print(f"    network calls per posted share            {flaky['network_calls'] / max(flaky['posted'], 1):.3f}")
    print(f"    settled in                                {flaky['elapsed']:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
