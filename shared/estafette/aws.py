"""Lazily built, cached AWS clients.

botocore is imported on first use, not at module import, so a handler's cold start pays
only for the clients it really touches. Not boto3: its import pulls in s3transfer, and its
DynamoDB resource builds a second layer over the client; `estafette.dynamodb` gives the
stores the same plain-value `Table` over the one low-level client. Endpoints come from the
standard `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` variables: production code has no
emulator-specific branch.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from functools import cache
from typing import Any

_CONFIG = {"retries": {"mode": "standard", "max_attempts": 3}, "connect_timeout": 2, "read_timeout": 5}


@cache
def session() -> Any:
    """One botocore session per container: a session loads botocore's data (endpoints, service models)
    once, so each further client of it costs a few milliseconds instead of a new session's ~45 ms."""
    import botocore.session

    return botocore.session.Session()


@cache
def _config() -> Any:
    from botocore.config import Config

    return Config(**_CONFIG)


@cache
def client(service: str) -> Any:
    return session().create_client(service, config=_config())


@cache
def _dynamodb() -> Any:
    """The DynamoDB client taking and giving plain Python values (what a boto3 resource's `meta.client` is)."""
    from estafette.dynamodb import PlainClient

    return PlainClient(client("dynamodb"))


@cache
def table(name: str) -> Any:
    """A table as boto3's resource gives it (`get_item`, `put_item`, `update_item`, `delete_item`, `query`,
    `batch_writer()`, `meta.client`), over the container's one DynamoDB client."""
    from estafette.dynamodb import Table

    return Table(_dynamodb(), name)


def conditional_write(call: Any, **kwargs: Any) -> bool:
    """Run a conditional DynamoDB write; False when its condition did not hold ("already done")."""
    from botocore.exceptions import ClientError

    try:
        call(**kwargs)
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise
    return True


BATCH_GET_LIMIT = 100  # keys per BatchGetItem call (DynamoDB's limit)
BATCH_GET_ATTEMPTS = 6  # calls per chunk before giving up on unprocessed keys
BATCH_GET_BASE_DELAY = 0.05  # seconds; doubled per attempt, with full jitter, capped below
BATCH_GET_MAX_DELAY = 1.0


class UnprocessedKeys(RuntimeError):
    """DynamoDB still left keys unprocessed after every allowed retry (throttling): the caller fails
    loudly (the API answers 503, a consumer retries the message) instead of returning partial results."""

    def __init__(self, table_name: str, keys: list[dict[str, Any]]) -> None:
        super().__init__(f"DynamoDB left {len(keys)} keys of {table_name} unprocessed")
        self.table_name = table_name
        self.keys = keys


def batch_get(
    dynamodb: Any,
    table_name: str,
    keys: list[dict[str, Any]],
    *,
    attempts: int = BATCH_GET_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
    **options: Any,
) -> list[dict[str, Any]]:
    """Every item of `keys` that exists, read with BatchGetItem: the one way Estafette batch-reads.

    Keys are de-duplicated and sent 100 per call. `UnprocessedKeys` (DynamoDB's answer under
    throttling or when a response passes 16 MB) are sent again with exponential backoff and full
    jitter, as the AWS SDK guidance for batch operations asks; after `attempts` calls for one
    chunk `UnprocessedKeys` is raised, so nobody gets partial results silently and nothing spins for
    ever. `dynamodb` is a low-level client or a resource's `meta.client` (which takes and gives
    plain Python values); `options` go into the table's request (`ConsistentRead`,
    `ProjectionExpression`, `ExpressionAttributeNames`).
    """
    unique: dict[str, dict[str, Any]] = {}
    for key in keys:
        unique.setdefault(repr(sorted(key.items())), key)
    wanted = list(unique.values())
    items: list[dict[str, Any]] = []
    for start in range(0, len(wanted), BATCH_GET_LIMIT):
        request: dict[str, Any] = {table_name: {"Keys": wanted[start : start + BATCH_GET_LIMIT], **options}}
        for attempt in range(attempts):
            response = dynamodb.batch_get_item(RequestItems=request)
            items.extend(response.get("Responses", {}).get(table_name, []))
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
            if attempt + 1 < attempts:
                sleep(random.uniform(0, min(BATCH_GET_MAX_DELAY, BATCH_GET_BASE_DELAY * 2**attempt)))
        else:
            raise UnprocessedKeys(table_name, list(request[table_name]["Keys"]))
    return items


def batch_get_tables(
    dynamodb: Any,
    requests: dict[str, dict[str, Any]],
    *,
    attempts: int = BATCH_GET_ATTEMPTS,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, list[dict[str, Any]]]:
    """`batch_get` across several tables in one call: `requests` maps each table to its request
    (`Keys` and the options), at most 100 keys in all. The same retries of `UnprocessedKeys`, then
    `UnprocessedKeys` is raised. Returns every found item by table."""
    if sum(len(r["Keys"]) for r in requests.values()) > BATCH_GET_LIMIT:
        raise ValueError(f"at most {BATCH_GET_LIMIT} keys in one BatchGetItem")
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in requests}
    request = requests
    for attempt in range(attempts):
        response = dynamodb.batch_get_item(RequestItems=request)
        for name, items in response.get("Responses", {}).items():
            found.setdefault(name, []).extend(items)
        request = response.get("UnprocessedKeys") or {}
        if not request:
            return found
        if attempt + 1 < attempts:
            sleep(random.uniform(0, min(BATCH_GET_MAX_DELAY, BATCH_GET_BASE_DELAY * 2**attempt)))
    name = next(iter(request))
    raise UnprocessedKeys(name, list(request[name]["Keys"]))


def reset() -> None:
    """Forget cached clients and secrets (tests switch endpoints and credentials between cases)."""
    for cached in (session, _config, client, _dynamodb, table):
        cached.cache_clear()
    clear_secrets()


class SecretError(RuntimeError):
    """A secret could not be read (missing, no permission, Secrets Manager failing); the cause is chained."""


class SecretNotJson(SecretError):
    """The secret was read, but its value is not the JSON that was asked for."""


# (secret id, transform) -> (monotonic expiry, value): the container's own cache of secret values.
_secrets: dict[tuple[str, str | None], tuple[float, Any]] = {}


def clear_secrets() -> None:
    _secrets.clear()


def get_secret(secret_id: str, *, transform: str | None = None, max_age: float = 300, force_fetch: bool = False) -> Any:
    """A Secrets Manager value through this container's client, cached in the container for `max_age`
    seconds (`force_fetch` reads it again and refreshes the cache). `transform="json"` parses it.

    A plain cache rather than Powertools' parameters utility: that imports its AppConfig, SSM and
    DynamoDB providers (and builds a client of its own) for one GetSecretValue."""
    key = (secret_id, transform)
    now = time.monotonic()
    cached = _secrets.get(key)
    if cached is not None and not force_fetch and now < cached[0]:
        return cached[1]
    try:
        response = client("secretsmanager").get_secret_value(SecretId=secret_id)
    except Exception as exc:  # botocore's ClientError and connection errors alike
        raise SecretError(f"secret {secret_id} could not be read: {exc}") from exc
    value: Any = response["SecretString"] if "SecretString" in response else response.get("SecretBinary", b"")
    if transform == "json":
        import json

        try:
            value = json.loads(value)
        except ValueError as exc:
            raise SecretNotJson(f"secret {secret_id} is not JSON") from exc
    elif transform is not None:
        raise ValueError(f"unknown transform {transform!r}")
    _secrets[key] = (now + max_age, value)
    return value


def secret_string(secret_id: str, max_age: float = 900) -> str:
    """A Secrets Manager value, cached for `max_age` seconds in the container."""
    return str(get_secret(secret_id, max_age=max_age))
