"""Local cloud benchmark (`make bench-local`): start time and what a restart or a crash keeps.

1. `make run` to ready (the console's "Estafette is running on" line), with the existing
   virtualenv and web build: into an empty state (creates every resource and seeds the demo), and
   again on the state that run left. Wall seconds and the CPU seconds the run used (on a shared
   machine the wall time follows the load, printed alongside; the CPU time much less so).
2. The same with the state of 10,000 shares. The state is built in this process: one share goes
   through the API (guard, dispatch worker, fake LinkedIn, projector), the items it added to each
   table and the post it left on the fake network are then cloned 10,000 times with new ids, straight
   into the embedded moto server's storage (10,000 shares through the API would take half an hour and
   measure the dispatch path, not the restart). Prints the state's size, the snapshot's write time
   (the pause a running cloud takes every few seconds while something changes) and the counts of
   table items, queued messages and network posts before the stop and after the restart. A restart
   builds a table only when it is first touched, so it also times the first requests after ready
   that touch the largest tables (the curator's report, Eva's shares).
3. A crash: content created at a steady pace, the process SIGKILLed mid-stream, restarted; prints
   how many acknowledged items the restart still has and how old the newest lost one was.

Targets (issue 16): ready ≤ 10 s with an empty state and with 10,000 shares; a restart loses nothing
acknowledged; a crash loses at most the last few seconds. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _entry in (ROOT, ROOT / "shared", ROOT / "functions"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

import httpx  # noqa: E402

from tests.integration.local_process import CloudProcess  # noqa: E402

COUNTS = re.compile(r"restored the local state: (.*)")
TOKEN = re.compile(r"export (EVA|ANNA)=(\S+)")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def counts_in(output: str) -> str:
    match = COUNTS.search(output)
    return match.group(1) if match else "(no counts printed)"


def timed_start(state: Path, *args: str, port: int | None = None) -> tuple[float, CloudProcess]:
    started = time.perf_counter()
    cloud = CloudProcess(state, *args, port=port).start(timeout=180)
    return time.perf_counter() - started, cloud


class MakeRun:
    """`make run PORT=… STATE=…` in its own process group, as a newcomer types it."""

    def __init__(self, state: Path, port: int) -> None:
        self.log = state.parent / f"make-run-{port}-{time.monotonic_ns()}.log"
        self.state, self.port = state, port

    def start(self, timeout: float = 300) -> tuple[float, float]:
        """Seconds to ready, and the CPU seconds used by then (the make process and the cloud)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
        started, cpu = time.perf_counter(), children_cpu()
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed command: make run)
                ["make", "--no-print-directory", "run", f"PORT={self.port}", f"STATE={self.state}"],  # noqa: S607
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while "Estafette is running on" not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"make run did not get ready:\n{self.output()}")
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        return seconds, self._cpu_of_group() or children_cpu() - cpu

    def _cpu_of_group(self) -> float:
        """user + system seconds of every process in the group so far (from /proc; 0 where unreadable)."""
        total, tick = 0.0, os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid:  # the process group: make and the cloud it started
                total += (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / tick
        return total

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)  # as Ctrl-C would: the cloud writes its state and ends
        self.process.wait(180)


def bench_empty(workdir: Path) -> None:
    from tests.integration.local_process import free_port

    state, port = workdir / "empty", free_port()
    first = MakeRun(state, port)
    seconds, cpu = first.start()
    first.stop()
    again = MakeRun(state, port)
    seconds_again, cpu_again = again.start()
    again.stop()
    size = (state / "snapshot.bin").stat().st_size
    print(f"   empty state, demo seeded       {seconds:6.1f} s to ready ({cpu:.1f} CPU-s; {load()})")
    counts = counts_in(again.output())
    print(
        f"   restart on the demo's state    {seconds_again:6.1f} s to ready ({cpu_again:.1f} CPU-s; {load()})"
        f"   ({size / 1024:,.0f} KiB; {counts})"
    )


# --- the state of 10,000 shares -----------------------------------------------------------------


def table_items() -> dict[str, dict[tuple[str, str], dict[str, Any]]]:
    """Every item of every table, by table and key, as DynamoDB JSON (read from moto's storage)."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"]
    found: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    for name, table in backend.tables.items():
        rows = {}
        for item in table.all_items():
            attrs = item.to_json()["Attributes"]
            key = (json.dumps(attrs[table.hash_key_attr]), json.dumps(attrs.get(table.range_key_attr or "", "")))
            rows[key] = attrs
        found[name] = rows
    return found


def clone_shares(cloud: Any, share: dict[str, Any], before: dict[str, Any], copies: int) -> int:
    """Copy the items one real share added, `copies` times, with its ids replaced by new ones."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    after = table_items()
    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"]
    code = share["tracked_url"].rsplit("/", 1)[-1]
    post_id = share["external_post_id"]
    fake = cloud.networks["linkedin"]
    template_post = next(p for p in fake.posts if p["id"] == post_id)
    added = {name: [attrs for key, attrs in rows.items() if key not in before.get(name, {})] for name, rows in after.items()}
    written = 0
    for i in range(copies):
        new_share, new_code, new_post = f"{share['share_id'][:-7]}{i:07d}", f"{code[:-6]}{i:06d}", f"{post_id[:-7]}{i:07d}"
        for name, items in added.items():
            table = backend.tables[name]
            for attrs in items:
                text = json.dumps(attrs).replace(share["share_id"], new_share).replace(code, new_code).replace(post_id, new_post)
                clone = json.loads(text)
                if clone.get(table.hash_key_attr) == attrs.get(table.hash_key_attr) and (
                    not table.range_key_attr or clone.get(table.range_key_attr) == attrs.get(table.range_key_attr)
                ):
                    key_attr = table.range_key_attr or table.hash_key_attr
                    if "S" in clone[key_attr]:
                        clone[key_attr] = {"S": f"{clone[key_attr]['S']}#bench{i:07d}"}
                table.put_item(clone)
                written += 1
        fake._record(**{**template_post, "id": new_post})
    return written


def bench_shares(workdir: Path, shares: int) -> None:
    from local.cloud import LocalCloud
    from local.runtime import quiet_single_metrics
    from local.seed import seed_demo

    quiet_single_metrics()
    state = workdir / "shares"
    built = time.perf_counter()
    with LocalCloud(port=0, quiet=True, state_dir=state) as cloud:
        demo = seed_demo(cloud)
        cloud.local["demo"] = demo.saved()  # as `make run` keeps it: the restart prints the demo's tokens
        before = table_items()
        with httpx.Client(base_url=cloud.base_url, timeout=15) as http:
            eva = {"Authorization": f"Bearer {demo.tokens['eva']}"}
            body = {"content_id": demo.content_ids[0], "network": "linkedin", "text": "Worth a read, in my words."}
            share_id = http.post("/v1/shares", json=body, headers=eva).json()["share_id"]
            deadline = time.monotonic() + 30
            while True:
                share = next(s for s in http.get("/v1/shares", headers=eva).json()["items"] if s["share_id"] == share_id)
                if share["status"] == "posted" or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            time.sleep(1)  # the projector and the metrics planner consume SharePosted
        assert cloud.snapshotter is not None and cloud.state is not None
        for schedule in cloud.schedules:  # they would wait for the gate below and time out
            schedule.stop()
        with cloud.gate.exclusive():  # moto serves no request while its storage is filled from here
            written = clone_shares(cloud, share, before, shares - 1)
        before_counts = cloud.state_summary()
        pause = time.perf_counter()
        cloud.snapshotter.save(full=True)  # written behind the moto server: a whole new base
        pause = time.perf_counter() - pause
        size = cloud.state.last_size
    built = time.perf_counter() - built
    cpu = children_cpu()
    seconds, restarted = timed_start(state)
    after_counts = counts_in(restarted.output())
    tokens = dict(TOKEN.findall(restarted.output()))
    firsts = []
    with restarted.http() as http:
        for label, path, who in (("the curator's report", "/v1/reports/summary", "ANNA"), ("Eva's shares", "/v1/shares", "EVA")):
            began = time.perf_counter()
            status = http.get(path, headers={"Authorization": f"Bearer {tokens[who]}"}).status_code
            firsts.append(f"{label} {time.perf_counter() - began:.2f} s ({status})")
    restarted.stop()
    cpu = children_cpu() - cpu
    print(f"   state of {shares:,} shares built in {built:.0f} s ({written:,} items cloned from one real share)")
    print(f"   base snapshot: {size / 1024 / 1024:,.1f} MiB, written in {pause:.2f} s (at stop; when the journal passes 64 MiB)")
    print(f"   restart on it                  {seconds:6.1f} s to ready ({load()})")
    print(f"   first requests after ready: {'; '.join(firsts)}; that run used {cpu:.1f} CPU-s in all")
    print(f"   before the stop:  {before_counts}")
    print(f"   after the restart: {after_counts}")


# --- a crash ------------------------------------------------------------------------------------


def bench_crash(workdir: Path, seconds: float) -> None:
    state = workdir / "crash"
    _, cloud = timed_start(state, "--no-seed")
    http = cloud.http()
    anna = {
        "Authorization": "Bearer "
        + http.post("/local/tokens", json={"sub": "anna", "org_id": "crash", "roles": ["curator"]}).json()["token"]
    }
    acknowledged: list[tuple[float, str]] = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        body = {"type": "industry", "url": "https://example.com/x", "title": f"item {len(acknowledged)}", "summary": "s"}
        reply = http.post("/v1/content", json=body, headers=anna)
        if reply.status_code == 201:
            acknowledged.append((time.monotonic(), reply.json()["content_id"]))
    killed_at = time.monotonic()
    cloud.kill()
    http.close()
    _, restarted = timed_start(state, "--no-seed", port=cloud.port)
    with restarted.http() as again:
        kept = {cid for _, cid in acknowledged if again.get(f"/v1/content/{cid}", headers=anna).status_code == 200}
    restarted.stop()
    lost = [(at, cid) for at, cid in acknowledged if cid not in kept]
    newest_lost_age = f"{killed_at - min(at for at, _ in lost):.1f} s" if lost else "-"
    print(
        f"   SIGKILL after {len(acknowledged)} acknowledged writes in {seconds:.0f} s: {len(kept)} kept, {len(lost)} lost "
        f"(the oldest lost one was acknowledged {newest_lost_age} before the kill)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shares", type=int, default=10_000)
    parser.add_argument("--crash-seconds", type=float, default=8.0)
    args = parser.parse_args(argv)
    print(f"({os.cpu_count()} cores, {load()} at the start)")
    with tempfile.TemporaryDirectory(prefix="bench-local-") as tmp:
        workdir = Path(tmp)
        print("1. make run to ready (existing virtualenv)")
        bench_empty(workdir)
        print(f"2. the state of {args.shares:,} shares")
        bench_shares(workdir, args.shares)
        print("3. a crash")
        bench_crash(workdir, args.crash_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
