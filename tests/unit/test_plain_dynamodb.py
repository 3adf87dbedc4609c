"""The stores' `Table` over the low-level client converts values exactly as boto3's resource does."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from boto3.dynamodb.types import Binary, TypeDeserializer, TypeSerializer

from estafette import dynamodb

ROOT = Path(__file__).resolve().parents[2]

VALUES = [
    None,
    True,
    False,
    0,
    -17,
    10**30,
    Decimal("3.14"),
    Decimal("-0.0001"),
    "",
    "Eva's post",
    b"\x00\x01",
    {"a", "b"},
    {1, Decimal("2.5")},
    {b"x"},
    [1, "two", None, [Decimal("3")], {"k": {"nested": True}}],
    {"m": {"n": 1, "s": "x", "l": []}},
    (1, 2),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_values_serialize_and_come_back_as_with_boto3(value):
    ours, theirs = dynamodb.serialize(value), TypeSerializer().serialize(value)
    if "SS" in ours or "NS" in ours or "BS" in ours:  # a set's order is arbitrary
        kind = next(iter(ours))
        assert sorted(ours[kind]) == sorted(theirs[kind])
    else:
        assert ours == theirs
    back = TypeDeserializer().deserialize(theirs)
    expected = back.value if isinstance(back, Binary) else {b.value for b in back} if value == {b"x"} else back
    assert dynamodb.deserialize(theirs) == expected


@pytest.mark.parametrize("value", [1.5, Decimal("Infinity"), Decimal("NaN"), Decimal("1." + "1" * 40), object()], ids=repr)
def test_what_boto3_refuses_is_refused(value):
    with pytest.raises((TypeError, ArithmeticError)):
        TypeSerializer().serialize(value)
    with pytest.raises((TypeError, ArithmeticError)):
        dynamodb.serialize(value)


def test_a_table_reads_writes_queries_batches_and_transacts_plain_values(stack):
    from estafette import aws

    name = stack.template.physical["ContentTable"]
    table = aws.table(name)
    item = {"pk": "ORG#acme", "sk": "A", "count": 3, "tags": {"x"}, "doc": {"score": Decimal("1.5"), "list": [1, None]}}
    table.put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
    assert table.get_item(Key={"pk": "ORG#acme", "sk": "A"})["Item"] == {**item, "count": Decimal(3)}
    updated = table.update_item(
        Key={"pk": "ORG#acme", "sk": "A"},
        UpdateExpression="ADD #c :one",
        ExpressionAttributeNames={"#c": "count"},
        ExpressionAttributeValues={":one": 1},
        ReturnValues="UPDATED_NEW",
    )
    assert updated["Attributes"] == {"count": Decimal(4)}
    with table.batch_writer() as writer:
        for n in range(30):  # more than one BatchWriteItem
            writer.put_item(Item={"pk": "ORG#acme", "sk": f"B#{n:02}", "n": n})
    page = table.query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :b)",
        ExpressionAttributeValues={":pk": "ORG#acme", ":b": "B#"},
        Limit=10,
    )
    assert [i["n"] for i in page["Items"]] == list(range(10))
    assert page["LastEvaluatedKey"] == {"pk": "ORG#acme", "sk": "B#09"}
    found = aws.batch_get(table.meta.client, name, [{"pk": "ORG#acme", "sk": f"B#{n:02}"} for n in (3, 29)])
    assert sorted(i["n"] for i in found) == [3, 29]
    table.meta.client.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": name, "Item": {"pk": "ORG#acme", "sk": "C", "v": Decimal("0.5")}}},
            {"Delete": {"TableName": name, "Key": {"pk": "ORG#acme", "sk": "A"}}},
        ]
    )
    assert table.get_item(Key={"pk": "ORG#acme", "sk": "C"})["Item"]["v"] == Decimal("0.5")
    assert "Item" not in table.get_item(Key={"pk": "ORG#acme", "sk": "A"})
    again = {"pk": "ORG#acme", "sk": "C"}
    assert not aws.conditional_write(table.put_item, Item=again, ConditionExpression="attribute_not_exists(pk)")


def test_a_handler_never_imports_boto3():
    """boto3 imports s3transfer and builds a resource over the client: botocore alone serves the functions."""
    code = (
        "import sys, estafette.aws as aws, share_dispatch.handlers.events, reporting.handlers.projector;"
        "aws.table('t').meta.client; print('boto3' in sys.modules, 's3transfer' in sys.modules)"
    )
    env = {"PYTHONPATH": f"{ROOT / 'functions'}:{ROOT / 'shared'}", "AWS_DEFAULT_REGION": "eu-west-1", "PATH": ""}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
