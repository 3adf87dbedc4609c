"""Integration tier: uses the `cloud` and `org` fixtures from tests/conftest.py."""
