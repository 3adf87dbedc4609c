"""Fixtures every tier shares.

Integration scenarios run the whole system through the local cloud over HTTP.
`--backend moto` (default) runs it on the embedded moto server; `--backend localstack`
runs the very same scenarios on LocalStack and DynamoDB Local (the fidelity tier).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack

import httpx
import pytest

from local.cloud import LocalCloud
from local.seed import connect_linkedin, put_webhook_secret, send_webhook

SAVED = (
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_DYNAMODB",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_PROFILE",
    "AWS_SESSION_TOKEN",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        default="moto",
        choices=["moto", "localstack"],
        help="emulator behind the local cloud for integration scenarios (localstack = LocalStack + DynamoDB Local)",
    )


@pytest.fixture(scope="session")
def cloud(request: pytest.FixtureRequest) -> Iterator[LocalCloud]:
    backend = request.config.getoption("--backend")
    saved = {k: os.environ.get(k) for k in SAVED}
    with ExitStack() as stack:
        if backend == "localstack":
            from local.emulators import running

            emulators = stack.enter_context(running(localstack_port=0, dynamodb_port=0))
            os.environ.update(emulators.env())
        else:
            for key in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
                os.environ.pop(key, None)
        cloud = stack.enter_context(LocalCloud(port=0, backend="moto", quiet=True))
        yield cloud
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


class Org:
    """A fresh organisation per test, so scenarios never see each other's data."""

    def __init__(self, cloud: LocalCloud) -> None:
        self.cloud = cloud
        self.id = f"org-{uuid.uuid4().hex[:8]}"
        self.secret = f"secret-{uuid.uuid4().hex}"
        self.http = httpx.Client(base_url=cloud.base_url, timeout=15)
        put_webhook_secret(self.id, {"generic": [self.secret]})

    def token(self, sub: str, *roles: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.cloud.token(sub, list(roles or ('employee',)), self.id)}"}

    def webhook(self, kind: str, data: dict, delivery_id: str | None = None) -> httpx.Response:
        return send_webhook(self.cloud, self.id, kind, data, secret=self.secret, delivery_id=delivery_id)

    def employee(self, sub: str, department: str, language: str = "en", followers: int | None = None) -> dict[str, str]:
        reply = self.webhook(
            "employee.joined", {"employee_id": sub, "name": sub.title(), "department": department, "language": language}
        )
        assert reply.status_code == 202, reply.text
        if followers is not None:
            connect_linkedin(self.cloud, self.id, sub, followers)
        return self.token(sub)


@pytest.fixture
def org(cloud: LocalCloud) -> Iterator[Org]:
    organisation = Org(cloud)
    yield organisation
    organisation.http.close()
