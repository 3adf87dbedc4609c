"""infra/template.yaml stays honest: lint-clean, least privilege, a DLQ behind every queue."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from local.runtime import functions_of
from local.template import TEMPLATE, Template

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template():
    return Template.load(
        parameters={"JwtIssuer": "x", "JwtAudience": ["a"], "TrackedLinkBaseUrl": "x", "ClickHashSalt": "x" * 16}
    )


def test_cfn_lint_finds_no_errors():
    from cfnlint.api import lint_all

    matches = lint_all(TEMPLATE.read_text())
    assert [str(m) for m in matches if m.rule.id.startswith("E")] == []


def test_every_handler_in_the_template_exists(template):
    for logical_id, resource in template.of_type("AWS::Serverless::Function").items():
        module, function = resource["Properties"]["Handler"].rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), function)), logical_id


def test_every_consumer_queue_has_a_dead_letter_queue(template):
    queues = template.of_type("AWS::SQS::Queue")
    for logical_id, queue in queues.items():
        if logical_id.endswith("DLQ"):
            continue
        redrive = queue["Properties"].get("RedrivePolicy")
        assert redrive, f"{logical_id} has no DLQ"
        assert redrive["deadLetterTargetArn"]["Fn::GetAtt"][0] in queues


def test_every_sqs_consumer_reports_partial_batch_failures(template):
    for spec in functions_of(template, resolve_environment=False):
        for source in spec.sqs:
            assert source.report_failures, spec.logical_id


def test_put_events_is_limited_to_the_functions_own_source(template):
    for logical_id, resource in template.of_type("AWS::Serverless::Function").items():
        service = resource["Properties"]["Handler"].split(".")[0]
        for policy in resource["Properties"].get("Policies", []):
            for statement in policy.get("Statement", []):
                if statement["Action"] == "events:PutEvents":
                    assert statement["Condition"] == {"StringEquals": {"events:source": f"estafette.{service}"}}, logical_id


def test_no_function_is_granted_scan(template):
    text = TEMPLATE.read_text()
    assert "dynamodb:Scan" not in text and "dynamodb:*" not in text


def test_no_request_path_code_uses_scan():
    offenders = [str(p) for p in (ROOT / "functions").rglob("*.py") if re.search(r"\.scan\(|\"Scan\"", p.read_text())]
    assert offenders == []


def test_tables_have_point_in_time_recovery_and_encryption(template):
    for logical_id, table in template.of_type("AWS::DynamoDB::Table").items():
        props = table["Properties"]
        assert props["BillingMode"] == "PAY_PER_REQUEST", logical_id
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}, logical_id
        assert props["SSESpecification"] == {"SSEEnabled": True}, logical_id


def test_only_documented_routes_are_public(template):
    public = {(r.method, r.path) for spec in functions_of(template, resolve_environment=False) for r in spec.routes if r.public}
    assert public == {
        ("GET", "/r/{code}"),
        ("HEAD", "/r/{code}"),
        ("POST", "/v1/webhooks/hr/{provider}"),
        # One-click unsubscribe from an email (a signed token instead of a JWT).
        ("GET", "/v1/notifications/unsubscribe"),
        ("POST", "/v1/notifications/unsubscribe"),
        ("GET", "/v1/oauth/{network}/callback"),  # the OAuth redirect target: the one-use state is its key
    }
