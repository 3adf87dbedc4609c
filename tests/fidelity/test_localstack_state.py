"""`make run BACKEND=localstack` keeps its state too: stop it, start it again, nothing acknowledged is gone.

DynamoDB Local keeps the tables in `.state/localstack/dynamodb-local/` (`-dbPath`); the local cloud keeps
what LocalStack's community edition cannot (it has no persistence): the KMS key's id and material, so
a LinkedIn token sealed before the restart still decrypts, the secrets, the JWT signing key, the clock
and the fakes. Two starts of the emulators: bounded by the start timeout below, a few minutes at most.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.local_process import CloudProcess

pytestmark = pytest.mark.fidelity

START_TIMEOUT = 240  # LocalStack and DynamoDB Local start, then the local cloud: about 30 s on an idle machine
TOKEN = re.compile(r"export (EVA|ANNA)=(\S+)")


def shares_of(http, eva: dict[str, str]) -> list[dict]:
    reply = http.get("/v1/shares", headers=eva)
    assert reply.status_code == 200, reply.text
    return reply.json()["items"]


def test_a_localstack_restart_keeps_tables_keys_secrets_and_tokens(tmp_path: Path) -> None:
    state = tmp_path / "state"
    first = CloudProcess(state, "--backend", "localstack").start(timeout=START_TIMEOUT)
    try:
        assert first.base_url, first.output()
        assert "DynamoDB Local's files" in first.output()  # the console says what is kept and what is not
        tokens = dict(TOKEN.findall(first.output()))
        eva, anna = ({"Authorization": f"Bearer {tokens[who]}"} for who in ("EVA", "ANNA"))
        with first.http() as http:
            content = http.get("/v1/feed", headers=eva).json()["items"]
            created = http.post(
                "/v1/content",
                json={"type": "industry", "url": "https://example.com/kept", "title": "Kept across a restart", "summary": "s"},
                headers=anna,
            )
            assert created.status_code == 201, created.text
    finally:
        assert first.stop() == 0, first.output()
    assert (state / "localstack" / "dynamodb-local").is_dir()

    again = CloudProcess(state, "--backend", "localstack", port=first.port).start(timeout=START_TIMEOUT)
    try:
        assert again.base_url, again.output()
        assert "restored the local state" in again.output()
        with again.http() as http:
            # The first run's tokens: the signing key was kept.
            kept = http.get(f"/v1/content/{created.json()['content_id']}", headers=anna)
            assert kept.status_code == 200, kept.text
            assert kept.json()["title"] == "Kept across a restart"
            assert [c["content_id"] for c in http.get("/v1/feed", headers=eva).json()["items"]] == [
                c["content_id"] for c in content
            ]
            # Eva's LinkedIn token was sealed with KMS before the restart: the share posts only if it decrypts.
            body = {"content_id": content[0]["content_id"], "network": "linkedin", "text": "Still connected after a restart."}
            assert http.post("/v1/shares", json=body, headers=eva).status_code in (201, 202)
            deadline = time.monotonic() + 60
            while (status := shares_of(http, eva)[0]["status"]) not in ("posted", "failed") and time.monotonic() < deadline:
                time.sleep(0.5)
            assert status == "posted", shares_of(http, eva)
        # The demo org's HR webhook secret was kept: `make webhook-demo` still signs a delivery that is accepted.
        sent = subprocess.run(
            [sys.executable, "-m", "local.webhook_demo", "--kind", "vacancy", "--port", str(again.port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert sent.returncode == 0 and "→ 20" in sent.stdout, sent.stdout + sent.stderr
    finally:
        assert again.stop() == 0, again.output()
