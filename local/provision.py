"""Creates every resource of infra/template.yaml on the chosen endpoint (moto, LocalStack, AWS).

Types the local cloud needs are created; the rest (the layer, the HTTP API itself, queue
policies) has no local counterpart and is listed as skipped.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from local.runtime import local_client
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
    "AWS::S3::BucketPolicy",  # TLS-only: the local endpoints are plain HTTP on loopback
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
    return local_client


# LocalStack's own tags for a key's id and material (its KMS docs): how a key outlives a LocalStack run.
LOCALSTACK_KEY_ID_TAG = "_custom_id_"
LOCALSTACK_KEY_MATERIAL_TAG = "_custom_key_material_"


def provision(template: Template, kms_keys: dict[str, dict[str, str]] | None = None) -> list[str]:
    """Create resources in dependency order; returns a line per resource for the start-up log.

    `kms_keys` (LocalStack only): logical id → {"id", "material" (base64)}, so a key made again in a
    new LocalStack run is the same key, and what it sealed before still decrypts."""
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
            kept = (kms_keys or {}).get(logical_id)
            tags = (
                [
                    {"TagKey": LOCALSTACK_KEY_ID_TAG, "TagValue": kept["id"]},
                    {"TagKey": LOCALSTACK_KEY_MATERIAL_TAG, "TagValue": kept["material"]},
                ]
                if kept
                else []
            )
            metadata = kms.create_key(Description=f"{template.stack_name} {logical_id}", **({"Tags": tags} if tags else {}))[
                "KeyMetadata"
            ]
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

    for logical_id, resource in template.of_type("AWS::S3::Bucket").items():
        props = template.resolve(resource.get("Properties", {}))
        name = props.get("BucketName") or f"{template.stack_name}-{logical_id}".lower()
        s3 = _client("s3")
        with contextlib.suppress(s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
            s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": s3.meta.region_name})
        # CloudFormation's shapes of these two differ from the S3 API's.
        rules = []
        for rule in (props.get("LifecycleConfiguration") or {}).get("Rules", []):
            api: dict[str, Any] = {"ID": rule.get("Id", "rule"), "Status": rule["Status"]}
            api["Filter"] = {"Prefix": rule.get("Prefix", "")}
            if "ExpirationInDays" in rule:
                api["Expiration"] = {"Days": rule["ExpirationInDays"]}
            if "AbortIncompleteMultipartUpload" in rule:
                api["AbortIncompleteMultipartUpload"] = rule["AbortIncompleteMultipartUpload"]
            rules.append(api)
        if rules:
            s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": rules})
        cors = [
            {k if k != "MaxAge" else "MaxAgeSeconds": v for k, v in rule.items() if k != "Id"}
            for rule in (props.get("CorsConfiguration") or {}).get("CorsRules", [])
        ]
        if cors:
            s3.put_bucket_cors(Bucket=name, CORSConfiguration={"CORSRules": cors})
        template.physical[logical_id], template.arns[logical_id] = name, f"arn:aws:s3:::{name}"
        log.append(f"bucket      {name}")

    known = {
        "AWS::S3::Bucket",
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
