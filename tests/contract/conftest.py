"""The contract tier (`make test-contract`): see tests/contract/harness.py."""
