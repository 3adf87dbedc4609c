"""The event contracts under events/: present, up to date, and accepted by the code that consumes them."""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from estafette.auth import caller_from_claims
from estafette.domain import Role
from estafette.events import EVENT_TYPES, BusEvent
from estafette.settings import HrSettings
from hr_webhooks.providers import generic

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events"
NAMES = sorted(EVENT_TYPES)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_events", ROOT / "scripts" / "generate_events.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()


def load(relative: str) -> Any:
    return json.loads((EVENTS / relative).read_text(encoding="utf-8"))


def structural_errors(schema: dict[str, Any], value: Any, root: dict[str, Any], path: str = "$") -> list[str]:
    """A small JSON Schema subset (the one pydantic emits): $ref, anyOf, const, enum, type, required, properties, items."""
    if "$ref" in schema:
        return structural_errors(root["$defs"][schema["$ref"].removeprefix("#/$defs/")], value, root, path)
    if "anyOf" in schema:
        options = [structural_errors(option, value, root, path) for option in schema["anyOf"]]
        return [] if any(not errors for errors in options) else [f"{path}: matches no anyOf option ({options})"]
    if "const" in schema and value != schema["const"]:
        return [f"{path}: {value!r} is not {schema['const']!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{path}: {value!r} not in {schema['enum']}"]
    types = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "null": type(None),
        "integer": int,
        "number": (int, float),
    }
    expected = schema.get("type")
    if expected and (not isinstance(value, types[expected]) or (expected in ("integer", "number") and isinstance(value, bool))):
        return [f"{path}: expected {expected}, got {type(value).__name__}"]
    errors: list[str] = []
    if isinstance(value, dict):
        errors += [f"{path}: missing required key {key!r}" for key in schema.get("required", []) if key not in value]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors += structural_errors(sub, value[key], root, f"{path}.{key}")
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for key in value.keys() - schema.get("properties", {}).keys():
                errors += structural_errors(extra, value[key], root, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            errors += structural_errors(schema["items"], item, root, f"{path}[{index}]")
    return errors


def test_generated_files_are_up_to_date() -> None:
    files = GENERATOR.render()
    stale, orphans = GENERATOR.stale(files), GENERATOR.orphans(files)
    assert not stale and not orphans, f"run `make events`: stale {stale}, orphaned {orphans}"


@pytest.mark.parametrize("name", NAMES)
def test_every_event_has_a_schema_and_a_sample(name: str) -> None:
    assert (EVENTS / "schemas" / f"{name}.json").is_file()
    assert (EVENTS / "samples" / f"{name}.json").is_file()


@pytest.mark.parametrize("name", NAMES)
def test_sample_parses_into_its_event_class(name: str) -> None:
    sample = load(f"samples/{name}.json")
    bus_event = BusEvent.model_validate(sample)
    event = bus_event.typed()
    assert type(event) is EVENT_TYPES[name]
    assert bus_event.source == EVENT_TYPES[name].source
    assert bus_event.detail.metadata.org_id == "demo"
    # Nothing in the sample is silently dropped (event models ignore unknown keys).
    assert event.model_dump(mode="json") == sample["detail"]["data"]


@pytest.mark.parametrize("name", NAMES)
def test_sample_has_what_its_schema_requires(name: str) -> None:
    schema = load(f"schemas/{name}.json")
    assert structural_errors(schema, load(f"samples/{name}.json"), schema) == []


@pytest.mark.parametrize("name", NAMES)
def test_sample_validates_against_its_schema_with_jsonschema(name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(load(f"samples/{name}.json"), load(f"schemas/{name}.json"))


def test_the_structural_check_catches_a_missing_or_mistyped_key() -> None:
    schema, sample = load("schemas/SharePosted.json"), load("samples/SharePosted.json")
    broken = copy.deepcopy(sample)
    del broken["detail"]["data"]["share_id"]
    broken["detail"]["metadata"]["version"] = "1"
    broken["detail-type"] = "ShareFailed"
    errors = structural_errors(schema, broken, schema)
    assert any("'share_id'" in e for e in errors)
    assert any("metadata.version" in e for e in errors)
    assert any("detail-type" in e for e in errors)


def as_event(item: object) -> object:
    """A joiner or leaver as the event it becomes for a person no one reported before (their SSO subject is their id)."""
    from estafette.domain import EmployeeProfile
    from estafette.events import EmployeeJoined, EmployeeLeft
    from hr_webhooks.directory import Joined, Left, preferred_id

    if isinstance(item, Joined):
        profile = EmployeeProfile.model_validate({**item.profile, "employee_id": preferred_id(item.aliases)})
        return EmployeeJoined(profile=profile, provider=item.provider)
    if isinstance(item, Left):
        return EmployeeLeft(employee_id=str(preferred_id(item.aliases)), provider=item.provider)
    return item


@pytest.mark.parametrize(("kind", "expected"), [(kind, name) for kind, (name, _) in GENERATOR.WEBHOOKS.items()])
def test_generic_webhook_sample_maps_to_its_event(kind: str, expected: str) -> None:
    body = (EVENTS / "webhooks" / f"generic-{kind}.json").read_bytes()
    delivery = generic.parse(body, {}, HrSettings())
    (event,) = delivery.events
    event = as_event(event)
    assert type(event) is EVENT_TYPES[expected]
    assert delivery.delivery_id == json.loads(body)["id"]
    # The webhook and the bus sample tell the same story.
    assert event.model_dump(mode="json") == load(f"samples/{expected}.json")["detail"]["data"]


def test_sqs_sample_carries_the_share_posted_bus_event() -> None:
    (record,) = load("samples/sqs/share-posted.json")["Records"]
    assert record["eventSource"] == "aws:sqs"
    assert record["md5OfBody"] == hashlib.md5(record["body"].encode(), usedforsecurity=False).hexdigest()
    assert type(BusEvent.model_validate_json(record["body"]).typed()) is EVENT_TYPES["SharePosted"]
    assert json.loads(record["body"]) == load("samples/SharePosted.json")


def test_api_sample_is_a_curator_creating_valid_content() -> None:
    from content_publishing.model import ContentIn

    event = load("samples/api/create-content.json")
    assert event["routeKey"] == "POST /v1/content"
    caller = caller_from_claims(event["requestContext"]["authorizer"]["jwt"]["claims"])
    assert caller.org_id == "demo" and caller.has_any(Role.CURATOR)
    ContentIn.model_validate_json(event["body"])


def test_scheduled_sample_is_schedulers_default_notification() -> None:
    event = load("samples/scheduled/content-schedule.json")
    assert (event["source"], event["detail-type"], event["detail"]) == ("aws.scheduler", "Scheduled Event", "{}")
    assert event["resources"][0].startswith("arn:aws:scheduler:")


def test_a_consumer_reads_an_image_with_a_field_it_does_not_know_yet() -> None:
    """A newer publisher may add a field to an announced image (as `animated` was added); a consumer
    deployed before it ignores the field instead of failing the event into its DLQ."""
    sample = copy.deepcopy(load("samples/ContentPublished.json"))
    sample["detail"]["data"]["images"] = [
        {"media_id": "0" * 20, "alt": {"en": "Our team"}, "content_type": "image/png", "size": 2048, "focal_point": [0.5, 0.4]}
    ]
    event = BusEvent.model_validate(sample).typed()
    assert [(i.media_id, i.size, i.alt_for("en")) for i in event.images] == [("0" * 20, 2048, "Our team")]
