"""Every answer of the local cloud agrees with the OpenAPI document it serves: a documented status
code, the documented content type and headers, a body that validates against the documented schema,
and never a 5xx. Schemathesis generates the requests (valid and invalid ones) for every operation."""

from __future__ import annotations

import os

import pytest

from local.cloud import LocalCloud
from tests.contract.harness import mint_tokens, run

pytestmark = pytest.mark.contract


def test_every_answer_agrees_with_the_openapi_document(cloud: LocalCloud, capsys: pytest.CaptureFixture[str]) -> None:
    from local.seed import seed_demo

    seed_demo(cloud)
    examples = int(os.environ.get("CONTRACT_EXAMPLES", "3"))
    report = run(
        cloud.base_url,
        mint_tokens(cloud.base_url),
        examples=examples,
        checks=os.environ.get("CONTRACT_CHECKS", "all"),
        strict=os.environ.get("CONTRACT_STRICT") == "1",
    )
    with capsys.disabled():
        print("\n" + report.summary())
    assert not report.failures, "\n\n".join(report.failures)
    assert report.operations >= 50 and report.requests >= report.operations
