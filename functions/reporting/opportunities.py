"""Employees log commercial opportunities that came from a share or a content item.

The opportunity counts for the employee who logs it (they found or passed it on, which is
what docs/product.md's "10% of activated employees find a commercial opportunity" measures),
for their department, and for the share's content and network. A share may be a
colleague's: the salesperson who hears "I saw Eva's post" logs it against Eva's share.
Logging emits `OpportunityLogged`; the projector counts it like every other event.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from estafette import clock
from estafette.auth import Caller
from estafette.domain import Network
from estafette.errors import NotFound, Unprocessable
from estafette.events import OpportunityLogged
from estafette.publisher import Outgoing, Publisher, default_publisher
from reporting import messages, store

assert messages  # imported to register the service's messages

ID_PATTERN = r"^[A-Za-z0-9_-]+$"


class OpportunityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    share_id: str | None = Field(default=None, min_length=1, max_length=64, pattern=ID_PATTERN)
    content_id: str | None = Field(default=None, min_length=1, max_length=64, pattern=ID_PATTERN)
    description: str = Field(default="", max_length=1000, description="what the opportunity is, in a sentence or two")


def log(caller: Caller, body: OpportunityIn, publisher: Publisher | None = None) -> dict[str, Any]:
    org_id = caller.org_id
    if not body.share_id and not body.content_id:
        raise Unprocessable("opportunity_source_missing", field="share_id")
    network: Network | None = None
    content_id = body.content_id
    if body.share_id:
        share = store.share(org_id, body.share_id)
        if share is None:
            raise NotFound("opportunity_share_not_found", field="share_id", share_id=body.share_id)
        if content_id and content_id != share["content_id"]:
            raise Unprocessable(field="content_id", reason="it is not the content of that share")
        content_id, network = str(share["content_id"]), Network(share["network"])
    elif content_id and store.content_meta(org_id, content_id) is None:
        raise NotFound("opportunity_content_not_found", field="content_id", content_id=content_id)
    person = store.person(org_id, caller.sub) or {}
    event = OpportunityLogged(
        opportunity_id=uuid.uuid4().hex[:16],
        employee_id=caller.sub,
        share_id=body.share_id,
        content_id=content_id,
        network=network,
        department=person.get("department"),
        description=body.description.strip(),
        logged_at=clock.now(),
    )
    (publisher or default_publisher()).publish([Outgoing(event, org_id, event_id=f"opportunity-{event.opportunity_id}")])
    return event.model_dump(mode="json")
