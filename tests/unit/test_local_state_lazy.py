"""A restart builds no table until it is touched: the local state's lazy tables and items (local/state.py)."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from local.state import apply_items, dynamodb_backends_in_use, items_apart, put_items_back

KEY = [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]
ATTRS = [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}]


@pytest.fixture
def dynamodb() -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("dynamodb", region_name="eu-west-1")
        for name in ("shares", "people"):
            client.create_table(TableName=name, KeySchema=KEY, AttributeDefinitions=ATTRS, BillingMode="PAY_PER_REQUEST")
        for i in range(3):
            client.put_item(
                TableName="shares",
                Item={"pk": {"S": "ORG#a"}, "sk": {"S": f"SHARE#{i}"}, "clicks": {"N": str(i)}, "m": {"M": {"x": {"L": []}}}},
            )
        client.put_item(TableName="people", Item={"pk": {"S": "ORG#a"}, "sk": {"S": "PERSON#eva"}, "name": {"S": "Eva"}})
        yield client


def table(name: str) -> Any:
    return next(b for b in dynamodb_backends_in_use() if name in b.tables).tables[name]


def restart() -> dict[str, Any]:
    """What a restart does with a base: the items leave as blobs and come back lazily."""
    with items_apart() as encoded:
        travelled = pickle.loads(pickle.dumps(encoded))
    for name in travelled:
        table(name).items.clear()
    put_items_back(travelled)
    return travelled


def test_a_restored_table_counts_without_being_built_and_answers_the_same(dynamodb: Any) -> None:
    by_org = {"TableName": "shares", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "ORG#a"}}}
    before = dynamodb.query(**by_org)
    restart()
    assert len(table("shares")) == 3  # the console's count at start: from the blob, nothing built
    assert "_lazy_rows" in vars(table("shares"))
    after = dynamodb.query(**by_org)
    assert after["Items"] == before["Items"]
    assert "_lazy_rows" not in vars(table("shares"))  # built by the first request that touched it


def test_journal_changes_wait_for_the_table_and_are_all_there_once_it_is_built(dynamodb: Any) -> None:
    from moto.dynamodb.models.dynamo_type import DynamoType, Item

    restart()
    new = Item(DynamoType({"S": "ORG#a"}), DynamoType({"S": "SHARE#9"}), {"pk": {"S": "ORG#a"}, "sk": {"S": "SHARE#9"}})
    apply_items(
        {
            "items": [
                ("shares", DynamoType({"S": "ORG#a"}), DynamoType({"S": "SHARE#9"}), new),
                ("shares", DynamoType({"S": "ORG#a"}), DynamoType({"S": "SHARE#0"}), None),  # deleted since the base
            ]
        }
    )
    assert "_lazy_rows" in vars(table("shares"))  # the journal did not build it
    keys = sorted(item["sk"]["S"] for item in dynamodb.scan(TableName="shares")["Items"])
    assert keys == ["SHARE#1", "SHARE#2", "SHARE#9"]
    assert len(table("shares")) == 3


def test_an_untouched_table_goes_into_the_next_base_as_the_blob_it_came_from(dynamodb: Any) -> None:
    travelled = restart()
    dynamodb.update_item(
        TableName="shares",
        Key={"pk": {"S": "ORG#a"}, "sk": {"S": "SHARE#1"}},
        UpdateExpression="SET clicks = clicks + :one",
        ExpressionAttributeValues={":one": {"N": "1"}},
    )
    with items_apart() as encoded:
        assert encoded["people"][1] is travelled["people"][1]  # never built, never re-encoded
        assert encoded["shares"][1] != travelled["shares"][1]
    restart()
    shares = {i["sk"]["S"]: i for i in dynamodb.scan(TableName="shares")["Items"]}
    assert shares["SHARE#1"]["clicks"] == {"N": "2"}  # the update, with the attributes it did not name
    assert shares["SHARE#1"]["m"] == {"M": {"x": {"L": []}}}
    assert dynamodb.scan(TableName="people")["Items"][0]["name"] == {"S": "Eva"}


def test_a_lazy_item_copies_and_pickles_like_moto_s_own(dynamodb: Any) -> None:
    restart()
    stored = next(iter(table("shares").items.values()))
    item = next(iter(stored.values()))
    assert "_raw" in vars(item)  # attributes not built yet
    twin = copy.deepcopy(item)  # what a transaction's rollback copy does
    assert twin.attrs == item.attrs
    assert "_raw" not in vars(item)
    travelled = pickle.loads(pickle.dumps(item))
    assert travelled.to_json() == item.to_json()
