"""Publishing the web app: the bucket gets the build with the right caching, and /config.json the IdP."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
from moto import mock_aws

from scripts.publish_web import app_config, upload


def test_the_build_and_config_json_land_in_the_bucket_with_their_caching(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    (tmp_path / "index.html").write_text("<div id=root></div>")
    config = app_config(
        {"JwtIssuer": "https://idp.example.com/", "JwtAudience": "estafette-api, other", "OidcClientId": "web-client"}
    )
    assert config == {
        "apiBaseUrl": "",
        "auth": {"mode": "oidc", "issuer": "https://idp.example.com/", "clientId": "web-client", "audience": "estafette-api"},
    }
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-1")
        s3.create_bucket(Bucket="app", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        keys = upload(s3, "app", tmp_path, config)
        assert keys == ["assets/index-abc123.js", "index.html", "config.json"]  # index.html after its chunks
        asset = s3.get_object(Bucket="app", Key="assets/index-abc123.js")
        assert asset["CacheControl"].endswith("immutable") and asset["ContentType"] == "text/javascript"
        assert s3.get_object(Bucket="app", Key="index.html")["CacheControl"] == "no-cache"
        written = s3.get_object(Bucket="app", Key="config.json")
        assert json.loads(written["Body"].read())["auth"]["issuer"] == "https://idp.example.com/"


def test_without_a_client_id_the_audience_is_the_client() -> None:
    assert app_config({"JwtIssuer": "https://idp", "JwtAudience": "spa-client"})["auth"]["clientId"] == "spa-client"
