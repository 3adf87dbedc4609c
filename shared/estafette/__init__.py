"""The Estafette layer: what every function imports.

Keep this package cheap to import. Heavy dependencies (boto3 clients, httpx,
cryptography) are imported inside the functions that need them.
"""
