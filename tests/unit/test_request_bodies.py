"""Odd request bodies get a clear 4xx naming the problem, before anything parses them; never a 500."""

from __future__ import annotations

import json
import re

from estafette.api import MAX_JSON_DEPTH, json_depth
from tests.support import call, claims
from tests.unit.hr_webhooks_support import send

__all__ = ["secrets"]  # the fixture
from tests.unit.hr_webhooks_support import secrets

ANNA = claims("anna", roles=("employee", "curator", "admin"))
TEN_MB = b'{"text": "' + b"x" * (10 * 1024 * 1024) + b'"}'
DEEP = b"[" * 30_000 + b"]" * 30_000  # about 60 kB
UTF16 = json.dumps({"title": "Vertrouwen", "url": "https://example.com"}).encode("utf-16")
LATIN1 = '{"title": "café"}'.encode("latin-1")


def _body_routes(stack):
    for spec in stack.functions:
        for route in spec.routes:
            if route.method in ("POST", "PUT", "PATCH"):
                yield spec.handler.rsplit(".", 1)[0], route.method, re.sub(r"\{\w+\+?\}", "x1", route.path)


def test_a_ten_megabyte_body_gets_413_before_validation(stack):
    for module, path in (("content_publishing.handlers.api", "/v1/content"), ("share_dispatch.handlers.api", "/v1/shares")):
        reply = call(module, "POST", path, raw=TEN_MB, who=ANNA)
        assert reply.status == 413, reply.body
        assert reply.body["error"]["code"] == "payload_too_large"
        assert "65536" in reply.body["error"]["message"]


def test_bodies_that_are_not_utf8_get_400_naming_the_encoding_on_every_route(stack):
    routes = list(_body_routes(stack))
    assert len(routes) > 15
    for module, method, path in routes:
        for raw, says in ((UTF16, "UTF-16"), (LATIN1, "position 14")):
            reply = call(module, method, path, raw=raw, who=ANNA, query="org=acme")
            assert reply.status == 400, (method, path, reply.body)
            assert reply.body["error"]["code"] == "body_not_utf8"
            assert "UTF-8" in reply.body["error"]["message"] and says in reply.body["error"]["message"]


def test_deeply_nested_json_gets_400_on_every_route(stack):
    for module, method, path in _body_routes(stack):
        reply = call(module, method, path, raw=DEEP, who=ANNA, query="org=acme")
        assert (reply.status, reply.body["error"]["code"]) == (400, "json_too_deep"), (method, path, reply.body)


def test_a_validly_signed_but_deeply_nested_hr_webhook_gets_400(stack, secrets):
    body = b'{"id": "d-1", "type": "vacancy.opened", "data": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}"
    reply = send(None, raw=body)
    assert reply.status == 400, reply.body
    assert reply.body["error"]["code"] == "json_too_deep"


def test_the_body_is_answered_in_the_requested_language(stack):
    reply = call("content_publishing.handlers.api", "POST", "/v1/content", raw=UTF16, who=ANNA, headers={"Accept-Language": "nl"})
    assert reply.body["error"]["message"].startswith("De inhoud van het verzoek is geen UTF-8")


def test_ordinary_nesting_and_brackets_inside_strings_pass(stack):
    text = json.dumps({"a": {"b": [{"c": "[[[[{{{{" * 100}]}})
    assert json_depth(text, MAX_JSON_DEPTH) == 4
    assert json_depth("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH) > MAX_JSON_DEPTH
    reply = call("content_publishing.handlers.api", "POST", "/v1/content", {"title": "[[[[" * 40}, who=ANNA)
    assert reply.status == 422  # reached validation: only the missing fields are named
    assert reply.body["error"]["code"] == "validation_failed"


def test_a_non_ascii_unsubscribe_token_gets_400(stack):
    for method in ("GET", "POST"):
        reply = call("notifications.handlers.api", method, "/v1/notifications/unsubscribe", query="token=%C3%A9t%C3%A9.abc")
        assert reply.status == 400, reply.body
        assert reply.body["error"]["code"] == "invalid_unsubscribe_link"
        assert reply.body["error"]["field"] == "token"
