"""The local cloud as a newcomer runs it: state that survives a restart and a crash, a clock that moves,
a damaged state refused with a clear message. Each test starts and stops its own `python -m local.cloud`."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.integration.local_process import CloudProcess

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _moto_backend_only(request: pytest.FixtureRequest) -> None:
    # These start their own local cloud on the embedded moto backend (its snapshot and journal, a crash, a damaged
    # state); `make test` runs them. The LocalStack backend keeps its state differently (DynamoDB Local's files,
    # KMS keys recreated with their material) and has its own restart test in tests/fidelity/test_localstack_state.py.
    if request.config.getoption("--backend") != "moto":
        pytest.skip("moto backend's state scenarios; LocalStack's restart is tests/fidelity/test_localstack_state.py")


def token(output: str, name: str) -> str:
    match = re.search(rf"export {name}=(\S+)", output)
    assert match, output
    return match.group(1)


def wait_until_posted(cloud: CloudProcess, bearer: str, share_id: str, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    with cloud.http() as http:
        while True:
            shares = {s["share_id"]: s for s in http.get("/v1/shares", headers=bearer_header(bearer)).json()["items"]}
            if shares.get(share_id, {}).get("status") == "posted":
                return shares[share_id]
            assert time.monotonic() < deadline, shares
            time.sleep(0.2)


def bearer_header(token_value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_value}"}


def restored_counts(output: str) -> dict[str, int]:
    match = re.search(r"restored the local state: (.*)", output)
    assert match, output
    return {name: int(n.replace(",", "")) for n, name in re.findall(r"([\d,]+) ([a-z ]+?)(?:,|$)", match.group(1))}


def test_the_clock_moves_forward_only_and_says_why_not(tmp_path: Path) -> None:
    cloud = CloudProcess(tmp_path / "state", "--no-seed").start()
    try:
        with cloud.http() as http:
            before = http.get("/local/clock").json()
            moved = http.post("/local/clock", json={"advance": "P1DT2H"})
            assert moved.status_code == 200, moved.text
            assert moved.json()["advanced_seconds"] == 26 * 3600
            assert moved.json()["epoch"] - before["epoch"] >= 26 * 3600
            assert moved.json()["now"].endswith("Z")

            # Tokens minted now carry the moved time and are accepted on it.
            minted = http.post("/local/tokens", json={"sub": "anna", "org_id": "acme", "roles": ["curator"]}).json()["token"]
            assert http.get("/v1/content", headers=bearer_header(minted)).status_code == 200

            for body, field in (
                ({"advance": "-PT1H"}, "advance"),
                ({"advance": "PT0S"}, "advance"),
                ({"advance": "one hour"}, "advance"),
                ({"advance": "P1M"}, "advance"),
                ({"advance": 3600}, "advance"),
                ({"to": "2001-01-01T00:00:00Z"}, "to"),
                ({"to": "tomorrow"}, "to"),
                ({}, "advance"),
            ):
                refused = http.post("/local/clock", json=body)
                assert refused.status_code == 400, (body, refused.text)
                assert refused.json()["error"]["field"] == field
                assert refused.json()["error"]["message"]
            assert http.post("/local/clock", content=b"{not json").status_code == 400
            after = http.get("/local/clock").json()
            assert after["epoch"] >= moved.json()["epoch"]  # nothing refused moved it
    finally:
        cloud.stop()


def test_a_restart_keeps_everything_and_tokens_stay_valid(tmp_path: Path) -> None:
    state = tmp_path / "state"
    first = CloudProcess(state).start()
    try:
        eva = token(first.output(), "EVA")
        content_id = re.search(r'"content_id": "(\w+)"', first.output()).group(1)  # type: ignore[union-attr]
        with first.http() as http:
            created = http.post(
                "/v1/shares",
                headers=bearer_header(eva),
                json={"content_id": content_id, "network": "linkedin", "text": "Worth a read, in my words."},
            )
            assert created.status_code in (201, 202), created.text
            share_id = created.json()["share_id"]
            posted = wait_until_posted(first, eva, share_id)
            assert http.post("/local/clock", json={"advance": "P2D"}).status_code == 200
    finally:
        assert first.stop() == 0
    assert "State saved in" in first.output()

    second = CloudProcess(state, port=first.port).start()
    try:
        output = second.output()
        assert "Local state" in output and "restored" in output
        assert restored_counts(output)["network posts"] == 1
        assert second.output().count("Estafette is running on") == 1
        with second.http() as http:
            # The token from before the restart is still valid: the signing key was kept.
            shares = http.get("/v1/shares", headers=bearer_header(eva)).json()["items"]
            assert [s["share_id"] for s in shares] == [share_id]
            assert shares[0]["status"] == "posted" and shares[0]["tracked_url"] == posted["tracked_url"]
            # The clock kept its lead.
            assert http.get("/local/clock").json()["ahead_of_wall_clock_seconds"] >= 2 * 86400
            # The demo was not seeded again: the feed holds the same items, not a second set.
            feed = http.get("/v1/feed", headers=bearer_header(eva)).json()["items"]
            assert len({item["content_id"] for item in feed}) == len(feed)
            # A new share posts: the sealed LinkedIn token still decrypts with the kept KMS key material.
            other = next(item["content_id"] for item in feed if item["content_id"] != content_id)
            again = http.post(
                "/v1/shares",
                headers=bearer_header(eva),
                json={"content_id": other, "network": "linkedin", "text": "Another one I liked."},
            )
            assert again.status_code in (201, 202), again.text
            wait_until_posted(second, eva, again.json()["share_id"])
    finally:
        assert second.stop() == 0


def test_a_crash_loses_at_most_what_was_not_yet_written(tmp_path: Path) -> None:
    state = tmp_path / "state"
    cloud = CloudProcess(state, "--no-seed").start()
    try:
        writes = cloud.saved_writes()
        anna = bearer_header(
            cloud.http().post("/local/tokens", json={"sub": "anna", "org_id": "acme", "roles": ["curator"]}).json()["token"]
        )
        with cloud.http() as http:
            item = {"type": "industry", "url": "https://example.com/a", "title": "Kept after a crash", "summary": "s"}
            created = http.post("/v1/content", json=item, headers=anna)
            assert created.status_code == 201, created.text
            content_id = created.json()["content_id"]
        cloud.wait_for_save(after=writes)  # the periodic snapshot (every 2 s) took it
    finally:
        cloud.kill()  # SIGKILL: no shutdown, no last write

    restarted = CloudProcess(state, "--no-seed", port=cloud.port).start()
    try:
        assert "Traceback" not in restarted.output()
        with restarted.http() as http:
            read = http.get(f"/v1/content/{content_id}", headers=anna)
            assert read.status_code == 200, read.text
            assert read.json()["title"] == "Kept after a crash"
    finally:
        restarted.stop()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "missing"])
def test_a_damaged_state_is_refused_with_a_way_out(tmp_path: Path, damage: str) -> None:
    state = tmp_path / "state"
    state.mkdir()
    if damage == "garbage":
        (state / "snapshot.bin").write_bytes(b"\x00\x01 not a snapshot")
    elif damage == "truncated":
        from local.state import Snapshot, StateStore

        store = StateStore(state)
        store.write(Snapshot(local={"clock_lead": 0.0, "filler": "x" * 10_000}))
        data = (state / "snapshot.bin").read_bytes()
        (state / "snapshot.bin").write_bytes(data[: len(data) // 2])
    else:
        (state / "notes.txt").write_text("a folder with something, but no snapshot")
    cloud = CloudProcess(state, "--no-seed").start()
    assert cloud.wait() == 2
    output = cloud.output()
    assert "make reset" in output
    assert "Traceback" not in output
    assert {"garbage": "not a state file", "truncated": "damaged", "missing": "incomplete"}[damage] in output
    assert (state / "notes.txt").exists() or (state / "snapshot.bin").exists()  # nothing was overwritten
