"""HR webhook receiver: AWS calls and time per delivery (`make bench-webhooks`).

The receiver's promise is "verify, record, emit, return". This runs the real handler
(`hr_webhooks.handlers.webhook`) with API Gateway v2 events against moto in-process, with the
template's own resources, and counts every AWS call it makes through botocore's `before-call`
hook (the Powertools secrets client included). Each scenario is one delivery; the cold one is
the first delivery of a fresh container (no cached secret, no cached org settings).

Times are in-process against moto, so they show the code's own share, not network latency.
A report, not a test: always exits 0.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _entry in (ROOT, ROOT / "shared", ROOT / "functions"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

os.environ.update(
    {
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "POWERTOOLS_METRICS_DISABLED": "true",
        "LOG_LEVEL": "WARNING",
    }
)
for _name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
    os.environ.pop(_name, None)

ORG = "bench"
SECRET = "bench-secret-0123456789abcdef"
REPEAT = 20

calls: Counter[str] = Counter()


def count_every_client() -> None:
    """Register a before-call counter on every botocore client created from now on."""
    import botocore.session

    create_client = botocore.session.Session.create_client

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        client = create_client(self, *args, **kwargs)
        service = client.meta.service_model.service_name
        client.meta.events.register("before-call.*.*", lambda model, **_: calls.update([f"{service}:{model.name}"]))
        return client

    botocore.session.Session.create_client = counting  # type: ignore[method-assign]


def reset_caches() -> None:
    from aws_lambda_powertools.utilities import parameters
    from aws_lambda_powertools.utilities.parameters import base

    from estafette import settings
    from hr_webhooks import webhook_secrets

    parameters.clear_caches()
    base.DEFAULT_PROVIDERS.clear()
    settings.clear_cache()
    webhook_secrets.clear_cache()


def main() -> int:
    from moto import mock_aws

    warnings.filterwarnings("ignore", message="No application metrics to publish")
    count_every_client()
    with mock_aws():
        from local.provision import provision
        from local.runtime import functions_of, merged_environment
        from local.template import Template

        template = Template.load(
            parameters={
                "JwtIssuer": "https://issuer.example",
                "JwtAudience": ["x"],
                "TrackedLinkBaseUrl": "https://go.example",
            }
        )
        provision(template)
        os.environ.update(merged_environment(functions_of(template)))
        from local.seed import put_webhook_secret

        put_webhook_secret(ORG, {"generic": [SECRET], "bamboohr": [SECRET]})
        run(scenarios())
    return 0


def deliver(provider: str, body: bytes, secret: str = SECRET, at: int | None = None) -> int:
    from tests.support import call, signed_headers

    return call(
        "hr_webhooks.handlers.webhook",
        "POST",
        f"/v1/webhooks/hr/{provider}",
        raw=body,
        headers=signed_headers(provider, secret, body, at),
        query=f"org={ORG}",
    ).status


def vacancy(delivery_id: str) -> bytes:
    data = {"vacancy_id": delivery_id, "title": "Engineer", "url": "https://example.com/jobs/1", "department": "Engineering"}
    return json.dumps({"id": delivery_id, "type": "vacancy.opened", "data": data}).encode()


def scenarios() -> list[tuple[str, Callable[[], int], bool]]:
    """(name, one delivery, whether to start from cold caches)."""
    from tests.support import webhook_sample

    bamboo = webhook_sample("bamboohr-employee_with_fields")

    def fresh_bamboo() -> bytes:
        marked = json.loads(json.dumps(bamboo))
        for entry in marked["employees"]:
            entry["timestamp"] = uuid.uuid4().hex  # a distinct delivery each time
        return json.dumps(marked).encode()

    fixed = vacancy("the-same-one")
    deliver("generic", fixed)
    return [
        ("accepted, cold container", lambda: deliver("generic", vacancy(uuid.uuid4().hex)), True),
        ("accepted, warm", lambda: deliver("generic", vacancy(uuid.uuid4().hex)), False),
        ("accepted, BambooHR batch (2 events)", lambda: deliver("bamboohr", fresh_bamboo()), False),
        ("duplicate", lambda: deliver("generic", fixed), False),
        ("forged signature", lambda: deliver("generic", vacancy(uuid.uuid4().hex), "wrong-secret-0123456789"), False),
        ("stale timestamp", lambda: deliver("generic", vacancy(uuid.uuid4().hex), at=int(time.time()) - 900), False),
        ("unmappable payload", lambda: deliver("generic", b'{"id": "x", "type": "vacancy.opened", "data": {}}'), False),
        ("over 256 KB", lambda: deliver("generic", b"x" * (257 * 1024)), False),
    ]


def run(cases: list[tuple[str, Callable[[], int], bool]]) -> None:
    print(__doc__.splitlines()[0] if __doc__ else "")
    print()
    print(f"{'delivery':38} {'status':>6} {'AWS calls':>9}  {'median ms':>9}  calls")
    for name, once, cold in cases:
        timings: list[float] = []
        status, per_call = 0, Counter[str]()
        for attempt in range(1 if cold else REPEAT):
            if cold:
                reset_caches()
            calls.clear()
            started = time.perf_counter()
            status = once()
            timings.append((time.perf_counter() - started) * 1000)
            if attempt == 0:
                per_call = Counter(calls)
        detail = ", ".join(f"{k} x{v}" if v > 1 else k for k, v in sorted(per_call.items())) or "none"
        print(f"{name:38} {status:>6} {sum(per_call.values()):>9}  {statistics.median(timings):>9.1f}  {detail}")
    print()
    print("Secrets are cached 5 minutes and org settings 1 minute per container; a failed signature")
    print("looks past the secrets cache at most once per org per 30 s (counted in 'forged' when due).")


if __name__ == "__main__":
    sys.exit(main())
