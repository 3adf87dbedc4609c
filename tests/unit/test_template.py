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
        parameters={"JwtIssuer": "x", "JwtAudience": ["a"], "TrackedLinkBaseUrl": "x"}
    )


def test_cfn_lint_finds_no_errors_and_no_warnings():
    from cfnlint.api import lint_all

    matches = lint_all(TEMPLATE.read_text())
    assert [str(m) for m in matches if m.rule.id[0] in "EW"] == []


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


# --- operations: what an operator deploys ---------------------------------------------------------


def _refs(value):
    """Every logical id a value refers to through Ref or GetAtt."""
    if isinstance(value, dict):
        if "Ref" in value:
            yield value["Ref"]
        if "Fn::GetAtt" in value:
            yield value["Fn::GetAtt"][0]
        if isinstance(value.get("Fn::Sub"), str):
            yield from (name.split(".")[0] for name in re.findall(r"\$\{([^}!]+)\}", value["Fn::Sub"]) if "::" not in name)
        for inner in value.values():
            yield from _refs(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _refs(inner)


def _alarms_on(template, namespace, metric):
    return {
        next(_refs(alarm["Properties"]["Dimensions"]))
        for alarm in template.of_type("AWS::CloudWatch::Alarm").values()
        if alarm["Properties"]["Namespace"] == namespace and alarm["Properties"]["MetricName"] == metric
        and alarm["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    }


def test_every_dead_letter_queue_raises_an_alarm_at_its_first_message(template):
    dlqs = {q for q in template.of_type("AWS::SQS::Queue") if q.endswith("DLQ")}
    assert len(dlqs) >= 9
    assert _alarms_on(template, "AWS/SQS", "ApproximateNumberOfMessagesVisible") == dlqs
    for alarm in template.of_type("AWS::CloudWatch::Alarm").values():
        assert alarm["Properties"]["Threshold"] == 0 and alarm["Properties"]["ComparisonOperator"] == "GreaterThanThreshold"


def test_every_queue_that_receives_failures_is_named_as_a_dlq(template):
    """The alarms find DLQs by name: a redrive target or a schedule's DLQ that is not called *DLQ would go unwatched."""
    targets = set()
    for queue in template.of_type("AWS::SQS::Queue").values():
        if "RedrivePolicy" in queue["Properties"]:
            targets.add(queue["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0])
    for function in template.of_type("AWS::Serverless::Function").values():
        for event in function["Properties"].get("Events", {}).values():
            if "DeadLetterConfig" in event.get("Properties", {}):
                targets.add(event["Properties"]["DeadLetterConfig"]["Arn"]["Fn::GetAtt"][0])
    assert targets and all(t.endswith("DLQ") for t in targets)


def test_every_function_has_error_and_throttle_alarms_and_a_log_group_with_retention(template):
    functions = set(template.of_type("AWS::Serverless::Function"))
    assert _alarms_on(template, "AWS/Lambda", "Errors") == functions
    assert _alarms_on(template, "AWS/Lambda", "Throttles") == functions
    groups = template.of_type("AWS::Logs::LogGroup")
    named = {next(_refs(g["Properties"]["LogGroupName"]), None) for g in groups.values() if "LogGroupName" in g["Properties"]}
    assert functions <= named
    for logical_id, group in groups.items():
        assert group["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}, logical_id
    assert template.body["Parameters"]["LogRetentionDays"]["Default"] == 30


def test_the_operations_block_is_up_to_date():
    import subprocess
    import sys

    script = ["scripts/generate_operations.py", "--check"]
    result = subprocess.run([sys.executable, *script], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_alarms_reach_the_operator_by_email(template):
    assert template.body["Parameters"]["AlarmEmail"]["Type"] == "String"
    subscription = template.resources["AlarmEmailSubscription"]
    assert subscription["Properties"]["Endpoint"] == {"Ref": "AlarmEmail"}
    assert subscription["Properties"]["TopicArn"] == {"Ref": "AlarmTopic"}


def test_the_http_api_writes_access_logs_without_visitor_addresses(template):
    settings = template.resources["HttpApi"]["Properties"]["AccessLogSettings"]
    assert next(_refs(settings["DestinationArn"])) == "HttpApiAccessLogs"
    assert "$context.requestId" in settings["Format"]
    assert "sourceIp" not in settings["Format"]


def test_state_outlives_the_stack_and_tables_can_be_replaced(template):
    for resource_type in ("AWS::DynamoDB::Table", "AWS::KMS::Key", "AWS::SecretsManager::Secret"):
        for logical_id, resource in template.of_type(resource_type).items():
            assert resource.get("DeletionPolicy") == "Retain", logical_id
            assert resource.get("UpdateReplacePolicy") == "Retain", logical_id
    for logical_id, table in template.of_type("AWS::DynamoDB::Table").items():
        # A fixed name makes CloudFormation's replacement (create the new, then delete the old) fail.
        assert "TableName" not in table["Properties"], logical_id


def test_every_schedule_retries_and_keeps_what_failed(template):
    schedules = 0
    for logical_id, function in template.of_type("AWS::Serverless::Function").items():
        for event in function["Properties"].get("Events", {}).values():
            if event["Type"] != "ScheduleV2":
                continue
            schedules += 1
            props = event["Properties"]
            assert props["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": ["ScheduleDLQ", "Arn"]}}, logical_id
            assert props["RetryPolicy"]["MaximumRetryAttempts"] >= 1, logical_id
            assert props["RetryPolicy"]["MaximumEventAgeInSeconds"] >= 60, logical_id
    assert schedules >= 5


def test_the_click_salt_is_a_secret_not_a_plain_variable(template):
    assert "ClickHashSalt" not in template.body["Parameters"]
    redirect = template.resources["RedirectFunction"]["Properties"]
    assert redirect["Environment"]["Variables"]["CLICK_HASH_SALT_SECRET_ARN"] == {"Ref": "ClickHashSaltSecret"}
    for function in template.of_type("AWS::Serverless::Function").values():
        variables = function["Properties"].get("Environment", {}).get("Variables", {})
        assert not any("SALT" in name and not name.endswith("_SECRET_ARN") for name in variables)


def test_every_table_and_secret_is_used_by_some_function(template):
    """Nothing provisioned is dead: each table and secret is referenced by a function (or the globals)."""
    used = set(_refs(template.body["Globals"])) | set(_refs(list(template.of_type("AWS::Serverless::Function").values())))
    for resource_type in ("AWS::DynamoDB::Table", "AWS::SecretsManager::Secret"):
        for logical_id in template.of_type(resource_type):
            assert logical_id in used, f"{logical_id} is provisioned but no function uses it"
