"""The app's API types are generated from the OpenAPI document: a stale copy fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_api_types_match_the_openapi_document() -> None:
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "web_api_types.py"), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert check.returncode == 0, check.stderr + check.stdout
