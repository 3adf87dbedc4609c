"""Publish the built web app to a deployed stack: `make publish-web STACK=<stack name>`.

1. Reads the stack's outputs (WebAppBucketName, WebAppDistributionId) and parameters (JwtIssuer,
   JwtAudience, OidcClientId).
2. Uploads web/dist: hashed assets cached for a year, index.html revalidated on every visit.
3. Writes /config.json, which tells the app its IdP (the same issuer and audience the HTTP API's JWT
   authorizer checks).
4. Invalidates index.html and config.json at CloudFront.
Old assets stay in the bucket, so a tab that still runs the previous release keeps loading its chunks.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "web" / "dist"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def app_config(parameters: dict[str, str]) -> dict[str, Any]:
    audience = next((a.strip() for a in parameters.get("JwtAudience", "").split(",") if a.strip()), None)
    auth: dict[str, Any] = {
        "mode": "oidc",
        "issuer": parameters["JwtIssuer"],
        "clientId": parameters.get("OidcClientId") or audience,
    }
    if audience:
        auth["audience"] = audience
    return {"apiBaseUrl": "", "auth": auth}


def upload(s3: Any, bucket: str, dist: Path, config: dict[str, Any]) -> list[str]:
    """Every file of the build, then config.json; index.html last, so it never names a missing chunk."""
    files = sorted((p for p in dist.rglob("*") if p.is_file()), key=lambda p: p.name == "index.html")
    keys = []
    for path in files:
        key = path.relative_to(dist).as_posix()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        cache = IMMUTABLE if key.startswith("assets/") else REVALIDATE
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=kind, CacheControl=cache)
        keys.append(key)
    s3.put_object(
        Bucket=bucket,
        Key="config.json",
        Body=json.dumps(config).encode(),
        ContentType="application/json",
        CacheControl=REVALIDATE,
    )
    return [*keys, "config.json"]


def main() -> int:
    parser = argparse.ArgumentParser(description="Publish web/dist to a deployed Estafette stack.")
    parser.add_argument("--stack", required=True)
    args = parser.parse_args()
    import boto3

    if not (DIST / "index.html").is_file():
        print("web/dist is missing: run make web-build", file=sys.stderr)
        return 1
    stack = boto3.client("cloudformation").describe_stacks(StackName=args.stack)["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    parameters = {p["ParameterKey"]: p.get("ParameterValue", "") for p in stack.get("Parameters", [])}
    keys = upload(boto3.client("s3"), outputs["WebAppBucketName"], DIST, app_config(parameters))
    boto3.client("cloudfront").create_invalidation(
        DistributionId=outputs["WebAppDistributionId"],
        InvalidationBatch={
            "Paths": {"Quantity": 2, "Items": ["/index.html", "/config.json"]},
            "CallerReference": str(time.time()),
        },
    )
    print(f"published {len(keys)} files; the app is at {outputs.get('AppUrl', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
