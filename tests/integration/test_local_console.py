"""Every command the `make run` console prints works as written: run verbatim, in bash, in order."""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.integration.local_process import ROOT, CloudProcess

pytestmark = pytest.mark.integration


def console_commands(output: str) -> list[tuple[str, str]]:
    """(comment, commands) blocks from the "Try it" part: the lines under one comment, as a person pastes them."""
    blocks: list[tuple[str, str]] = []
    comment, lines = "", ""
    for line in output[output.index("Try it") :].splitlines()[1:]:
        text = line.strip()
        if text.startswith("#") or not text:
            if lines:
                blocks.append((comment, lines))
                lines = ""
            comment = text if text.startswith("#") else comment
            continue
        lines += line + "\n"
    if lines:
        blocks.append((comment, lines))
    return blocks


def run(script: str, env_file: Path) -> subprocess.CompletedProcess[str]:
    """One command in bash, with the variables earlier commands exported."""
    prelude = f"set -euo pipefail; [ -f {env_file} ] && source {env_file}\n"
    epilogue = f"\nexport -p | grep -E ' (EVA|ANNA|LINK)=' > {env_file} || true\n"
    return subprocess.run(
        ["bash", "-c", prelude + script + epilogue], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def reminder(mail: dict) -> bool:
    return "liam@example.com" in mail["to"] and "LinkedIn" in mail["subject"]


def test_every_console_command_works_verbatim(tmp_path: Path) -> None:
    cloud = CloudProcess(tmp_path / "state").start()
    try:
        output = cloud.output()
        assert "Fake X" in output and "Fake Bluesky" in output and "HR webhook secret" in output
        assert "Liam's runs out in 8 days" in output  # read from his connection by the local clock, not assumed
        commands = console_commands(output)
        assert len(commands) >= 10, output
        env_file = tmp_path / "env.sh"
        results: dict[str, str] = {}
        # What arrives through the bus (a click in the report, a reminder in the outbox) is read again until it is
        # there, as a person would look again a few seconds later.
        settled = {
            "reports/summary": lambda out: min(json.loads(out)["clicks"]["value"], json.loads(out)["shares"]["value"]) >= 1,
            "local/outbox": lambda out: any(reminder(mail) for mail in json.loads(out)["mail"]),
        }
        for comment, command in commands:
            check = next((predicate for key, predicate in settled.items() if key in command), None)
            deadline = time.monotonic() + 60
            while True:
                done = run(command, env_file)
                if check is None or done.returncode != 0 or check(done.stdout) or time.monotonic() > deadline:
                    break
                time.sleep(0.5)
            assert done.returncode == 0, (comment, command, done.stdout, done.stderr)
            results[comment] = done.stdout
        share = next(out for c, out in results.items() if "shares the expertise article" in c)
        assert json.loads(share)["status"] in ("queued", "posted")
        click = next(out for c, out in results.items() if "clicks the link" in c)
        assert re.match(r"302 -> https://example\.com/", click), click
        report = json.loads(next(out for c, out in results.items() if "report" in c))
        assert report["shares"]["value"] == 1
        assert report["clicks"]["value"] == 1
        assert report["media_value"]["value"] == 3.0
        webhook = next(out for c, out in results.items() if "HR system" in c)
        assert "→ 202" in webhook
        clock = json.loads(next(out for c, out in results.items() if "Monday" in c))
        assert clock["advanced_seconds"] == 86400
        outbox = json.loads(next(out for c, out in results.items() if "would have been sent" in c))
        assert any(reminder(mail) for mail in outbox["mail"])  # Liam's reconnect reminder, a day later
        minted = json.loads(next(out for c, out in results.items() if "new token" in c.lower()))
        assert minted["token_type"] == "Bearer"
    finally:
        cloud.stop()
