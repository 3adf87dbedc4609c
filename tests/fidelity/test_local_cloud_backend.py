"""The fidelity run really is on LocalStack and DynamoDB Local, not on moto."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.fidelity


def test_local_cloud_runs_on_localstack_and_dynamodb_local(request, cloud):
    assert request.config.getoption("--backend") == "localstack", (
        "run the fidelity tier with --backend localstack (make test-fidelity)"
    )
    assert cloud.moto is None
    tables = {k: v for k, v in cloud.template.arns.items() if k.endswith("Table")}
    # DynamoDB Local names its region "ddblocal" in every table ARN.
    assert tables and all(":ddblocal:" in arn for arn in tables.values())
    queue_urls = [cloud.template.physical[k] for k in cloud.template.of_type("AWS::SQS::Queue")]
    assert queue_urls and all("localstack" in url for url in queue_urls)
