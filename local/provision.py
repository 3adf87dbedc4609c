"""Creates every resource of infra/template.yaml on the chosen endpoint (moto, LocalStack, AWS).

Types the local cloud needs are created; the rest (the layer, the HTTP API itself, queue
policies) has no local counterpart and is listed as skipped.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from local.template import Template

_PASSWORD_OPTIONS = {
    "PasswordLength",
    "ExcludeCharacters",
    "ExcludeNumbers",
    "ExcludePunctuation",
    "ExcludeUppercase",
    "ExcludeLowercase",
    "IncludeSpace",
    "RequireEachIncludedType",
}
# No local counterpart: the layer, the HTTP API, queue policies, functions (invoked in-process), and
# operations (log groups, alarms and the topic they notify: the local console is the log).
SKIPPED = {
    "AWS::Serverless::LayerVersion",
    "AWS::Serverless::HttpApi",
    "AWS::SQS::QueuePolicy",
    "AWS::Serverless::Function",
    "AWS::Logs::LogGroup",
    "AWS::CloudWatch::Alarm",
    "AWS::SNS::Topic",
    "AWS::SNS::Subscription",
}
# The web app's hosting: locally local/webapp.py serves web/dist next to the API instead.
SKIPPED |= {
    "AWS::S3::Bucket",
    "AWS::S3::BucketPolicy",
    "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudFront::Function",
    "AWS::CloudFront::Distribution",
}


def _clients() -> Any:
    session = boto3.session.Session()
    cache: dict[str, Any] = {}

    def client(service: str) -> Any:
        if service not in cache:
            cache[service] = session.client(service)
        return cache[service]

    return client


def provision(template: Template) -> list[str]:
    """Create resources in dependency order; returns a line per resource for the start-up log."""
    log: list[str] = []
    _client = _clients()
    for logical_id in template.of_type("AWS::Events::EventBus"):
        name = template.physical_name(logical_id, "Name")
        events = _client("events")
        try:
            arn = events.create_event_bus(Name=name)["EventBusArn"]
        except events.exceptions.ResourceAlreadyExistsException:
            arn = events.describe_event_bus(Name=name)["Arn"]
        template.physical[logical_id], template.arns[logical_id] = name, arn
        log.append(f"event bus   {name}")

    for logical_id in template.of_type("AWS::KMS::Key"):
        kms = _client("kms")
        alias = f"alias/{template.stack_name}-{logical_id}"
        existing = {a["AliasName"]: a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"]}
        if existing.get(alias):
            metadata = kms.describe_key(KeyId=existing[alias])["KeyMetadata"]
        else:
            metadata = kms.create_key(Description=f"{template.stack_name} {logical_id}")["KeyMetadata"]
            kms.create_alias(AliasName=alias, TargetKeyId=metadata["KeyId"])
        template.physical[logical_id], template.arns[logical_id] = metadata["KeyId"], metadata["Arn"]
        log.append(f"kms key     {alias}")

    for logical_id, resource in template.of_type("AWS::DynamoDB::Table").items():
        props = template.resolve(resource["Properties"])
        dynamodb = _client("dynamodb")
        name = template.physical_name(logical_id, "TableName")
        kwargs: dict[str, Any] = {
            "TableName": name,
            "AttributeDefinitions": props["AttributeDefinitions"],
            "KeySchema": props["KeySchema"],
            "BillingMode": props.get("BillingMode", "PAY_PER_REQUEST"),
        }
        if props.get("GlobalSecondaryIndexes"):
            kwargs["GlobalSecondaryIndexes"] = props["GlobalSecondaryIndexes"]
        try:
            arn = dynamodb.create_table(**kwargs)["TableDescription"]["TableArn"]
            dynamodb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.2, "MaxAttempts": 100})
            ttl = props.get("TimeToLiveSpecification")
            if ttl:
                dynamodb.update_time_to_live(TableName=name, TimeToLiveSpecification=ttl)
        except dynamodb.exceptions.ResourceInUseException:
            arn = dynamodb.describe_table(TableName=name)["Table"]["TableArn"]
        template.physical[logical_id], template.arns[logical_id] = name, arn
        log.append(f"table       {name}")

    queues = template.of_type("AWS::SQS::Queue")
    # Dead-letter queues first: the others' redrive policies point at them.
    for logical_id in sorted(queues, key=lambda q: "RedrivePolicy" in queues[q]["Properties"]):
        props = queues[logical_id]["Properties"]
        sqs = _client("sqs")
        name = template.physical_name(logical_id, "QueueName")
        attributes: dict[str, str] = {}
        if "VisibilityTimeout" in props:
            attributes["VisibilityTimeout"] = str(props["VisibilityTimeout"])
        if "MessageRetentionPeriod" in props:
            attributes["MessageRetentionPeriod"] = str(props["MessageRetentionPeriod"])
        if "RedrivePolicy" in props:
            attributes["RedrivePolicy"] = json.dumps(template.resolve(props["RedrivePolicy"]))
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        template.physical[logical_id], template.arns[logical_id] = url, arn
        log.append(f"queue       {name}")

    for logical_id, resource in template.of_type("AWS::Events::Rule").items():
        props = template.resolve(resource["Properties"])
        events = _client("events")
        name = f"{template.stack_name}-{logical_id}"
        arn = events.put_rule(Name=name, EventBusName=props["EventBusName"], EventPattern=json.dumps(props["EventPattern"]))[
            "RuleArn"
        ]
        events.put_targets(
            Rule=name, EventBusName=props["EventBusName"], Targets=[{"Id": t["Id"], "Arn": t["Arn"]} for t in props["Targets"]]
        )
        template.physical[logical_id], template.arns[logical_id] = name, arn
        log.append(f"rule        {name} → {', '.join(t['Id'] for t in props['Targets'])}")

    for logical_id, resource in template.of_type("AWS::SecretsManager::Secret").items():
        props = template.resolve(resource["Properties"])
        secretsmanager = _client("secretsmanager")
        name = props.get("Name") or f"{template.stack_name}-{logical_id}"
        try:
            arn = secretsmanager.describe_secret(SecretId=name)["ARN"]
        except secretsmanager.exceptions.ResourceNotFoundException:
            # GenerateSecretString, as CloudFormation does it: a random value from Secrets Manager itself.
            generate = {k: v for k, v in props.get("GenerateSecretString", {}).items() if k in _PASSWORD_OPTIONS}
            value = secretsmanager.get_random_password(**generate)["RandomPassword"]
            arn = secretsmanager.create_secret(Name=name, SecretString=value)["ARN"]
        template.physical[logical_id], template.arns[logical_id] = arn, arn
        log.append(f"secret      {name}")

    known = {
        "AWS::Events::EventBus",
        "AWS::KMS::Key",
        "AWS::DynamoDB::Table",
        "AWS::SQS::Queue",
        "AWS::Events::Rule",
        "AWS::SecretsManager::Secret",
    }
    for logical_id, resource in template.resources.items():
        if resource["Type"] not in known | SKIPPED:
            raise ValueError(f"{logical_id}: the local cloud cannot create {resource['Type']} yet")
    return log
