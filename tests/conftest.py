import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        default="moto",
        choices=["moto", "localstack"],
        help="emulator behind the local cloud for integration scenarios (localstack = LocalStack + DynamoDB Local)",
    )
