"""Envelope encryption of network access tokens with KMS.

Each token is sealed with AES-256-GCM under a data key from `GenerateDataKey`; only the
KMS-encrypted data key is stored next to it. The org id is bound as encryption context and as
GCM associated data: a sealed token copied to another org does not open. Tokens never reach a
log or an API response.

Data keys are cached per container, as the AWS Encryption SDK's caching does:
- sealing reuses one data key per (org, KMS key) for at most five minutes or 10,000 tokens
  (random 96-bit GCM nonces stay far below their collision bound), so connecting or
  refreshing many tokens costs one GenerateDataKey, not one each;
- opening keeps plain data keys by their encrypted form (and knows the ones it generated), so
  the dispatch worker asks KMS once per data key, not once per share.
"""

from __future__ import annotations

import base64
import os
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from estafette.aws import client

_DATA_KEY_CACHE_SIZE = 256
SEALING_KEY_SECONDS = 300.0
SEALING_KEY_USES = 10_000


@dataclass
class _SealingKey:
    plain: bytes
    encrypted: str
    created: float
    uses: int = 0


_lock = threading.Lock()
_sealing: dict[tuple[str, str], _SealingKey] = {}
_generated: dict[tuple[str, str], bytes] = {}  # (encrypted data key, org) → plain, for keys made here


def _sealing_key(org_id: str, key_id: str) -> _SealingKey:
    with _lock:
        current = _sealing.get((org_id, key_id))
        if current and current.uses < SEALING_KEY_USES and time.monotonic() - current.created < SEALING_KEY_SECONDS:
            current.uses += 1
            return current
    data_key = client("kms").generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext={"org_id": org_id})
    fresh = _SealingKey(bytes(data_key["Plaintext"]), base64.b64encode(data_key["CiphertextBlob"]).decode(), time.monotonic(), 1)
    with _lock:
        _sealing[(org_id, key_id)] = fresh
        if len(_generated) >= _DATA_KEY_CACHE_SIZE:
            _generated.clear()
        _generated[(fresh.encrypted, org_id)] = fresh.plain
    return fresh


def seal(token: str, org_id: str, key_id: str) -> dict[str, str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _sealing_key(org_id, key_id)
    nonce = os.urandom(12)
    ciphertext = AESGCM(key.plain).encrypt(nonce, token.encode(), org_id.encode())
    return {
        "key": key.encrypted,
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(ciphertext).decode(),
    }


@lru_cache(maxsize=_DATA_KEY_CACHE_SIZE)
def _data_key(encrypted_key: str, org_id: str) -> bytes:
    response = client("kms").decrypt(CiphertextBlob=base64.b64decode(encrypted_key), EncryptionContext={"org_id": org_id})
    return bytes(response["Plaintext"])


def open_sealed(sealed: dict[str, str], org_id: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _generated.get((sealed["key"], org_id)) or _data_key(sealed["key"], org_id)
    plain = AESGCM(key).decrypt(base64.b64decode(sealed["nonce"]), base64.b64decode(sealed["ciphertext"]), org_id.encode())
    return plain.decode()


def clear_caches() -> None:
    """Forget every data key (tests switch KMS endpoints between cases)."""
    with _lock:
        _sealing.clear()
        _generated.clear()
    _data_key.cache_clear()
