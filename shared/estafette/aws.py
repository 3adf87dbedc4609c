"""Lazily built, cached AWS clients.

boto3 is imported on first use, not at module import, so a handler's cold start pays
only for the clients it really touches. Endpoints come from the standard
`AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` variables: production code has no
emulator-specific branch.
"""

from __future__ import annotations

from functools import cache
from typing import Any

_CONFIG = {"retries": {"mode": "standard", "max_attempts": 3}, "connect_timeout": 2, "read_timeout": 5}


@cache
def client(service: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(service, config=Config(**_CONFIG))


@cache
def table(name: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.session.Session().resource("dynamodb", config=Config(**_CONFIG)).Table(name)


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


def reset() -> None:
    """Forget cached clients (tests switch endpoints and credentials between cases)."""
    client.cache_clear()
    table.cache_clear()


def secret_string(secret_id: str, max_age: int = 900) -> str:
    """A Secrets Manager value, cached for `max_age` seconds in the container (Powertools parameters)."""
    from aws_lambda_powertools.utilities import parameters

    return str(parameters.get_secret(secret_id, max_age=max_age))
