"""Envelope encryption of network access tokens with KMS.

Each token is sealed with AES-256-GCM under a data key from `GenerateDataKey`; only the
KMS-encrypted data key is stored next to it. Plain data keys are cached per container by
their encrypted form, so the dispatch worker asks KMS once per key, not once per share.
The org id is bound as encryption context and as GCM associated data: a sealed token
copied to another org does not open. Tokens never reach a log or an API response.
"""

from __future__ import annotations

import base64
import os
from functools import lru_cache

from estafette.aws import client

_DATA_KEY_CACHE_SIZE = 256


def seal(token: str, org_id: str, key_id: str) -> dict[str, str]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    data_key = client("kms").generate_data_key(KeyId=key_id, KeySpec="AES_256", EncryptionContext={"org_id": org_id})
    nonce = os.urandom(12)
    ciphertext = AESGCM(data_key["Plaintext"]).encrypt(nonce, token.encode(), org_id.encode())
    return {
        "key": base64.b64encode(data_key["CiphertextBlob"]).decode(),
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(ciphertext).decode(),
    }


@lru_cache(maxsize=_DATA_KEY_CACHE_SIZE)
def _data_key(encrypted_key: str, org_id: str) -> bytes:
    response = client("kms").decrypt(CiphertextBlob=base64.b64decode(encrypted_key), EncryptionContext={"org_id": org_id})
    return bytes(response["Plaintext"])


def open_sealed(sealed: dict[str, str], org_id: str) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _data_key(sealed["key"], org_id)
    plain = AESGCM(key).decrypt(base64.b64decode(sealed["nonce"]), base64.b64decode(sealed["ciphertext"]), org_id.encode())
    return plain.decode()
