"""HTTP routes of notifications: my preferences, and the public one-click unsubscribe."""

from __future__ import annotations

from html import escape
from typing import Annotated, Any
from urllib.parse import parse_qs

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query

from estafette import clock
from estafette.api import Api
from estafette.domain import Role
from notifications import preferences, unsubscribe
from notifications.model import Preferences
from notifications.templates import kind_names, text, unsubscribe_page

HTML_PAGE = {"type": "string", "description": "An HTML page in the recipient's language"}
api = Api("notifications", views="notifications.views")
app = api.app

Token = Annotated[str, Query(min_length=1, max_length=2048, description="The signed token from the email's link")]


@api.get(
    "/v1/me/notifications", ok="PreferencesView", tags=["notifications"], summary="My notification preferences and my next digest"
)
def get_preferences() -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return preferences.view(caller.org_id, caller.sub, clock.now())


@api.put("/v1/me/notifications", ok="PreferencesView", tags=["notifications"], summary="Replace my notification preferences")
def put_preferences(body: Preferences) -> Any:
    caller = api.caller(Role.EMPLOYEE)
    return preferences.replace(caller.org_id, caller.sub, body, clock.now())


@api.get(
    "/v1/notifications/unsubscribe",
    ok=HTML_PAGE,
    content_type="text/html",
    public=True,
    operation_id="unsubscribePage",
    tags=["notifications"],
    summary="The unsubscribe page of an email's link (public)",
)
def unsubscribe_form(token: Token) -> Any:
    subscription = unsubscribe.read(token)
    language = unsubscribe.language_of(subscription) or api.language()
    kinds = kind_names([k.value for k in subscription.kinds], language)
    action = escape(unsubscribe.link(token))
    form = (
        f'<form method="post" action="{action}"><button type="submit">{escape(text(language, "unsubscribe_button"))}</button>'
        f'</form><form method="post" action="{action}"><input type="hidden" name="scope" value="all">'
        f'<button type="submit">{escape(text(language, "unsubscribe_all_button"))}</button></form>'
    )
    page = unsubscribe_page(
        language, text(language, "unsubscribe_title"), [text(language, "unsubscribe_question", kinds=kinds)], form
    )
    return Response(status_code=200, content_type="text/html; charset=utf-8", body=page)


@api.post(
    "/v1/notifications/unsubscribe",
    ok=HTML_PAGE,
    content_type="text/html",
    public=True,
    operation_id="unsubscribe",
    tags=["notifications"],
    summary="One-click unsubscribe (RFC 8058; public)",
)
def unsubscribe_now(token: Token) -> Any:
    subscription = unsubscribe.read(token)
    form = parse_qs(app.current_event.decoded_body or "") if app.current_event.body else {}
    everything = form.get("scope") == ["all"]
    language = unsubscribe.language_of(subscription) or api.language()
    off = unsubscribe.switch_off(subscription, everything=everything)
    done = (
        text(language, "unsubscribe_done_all")
        if everything
        else text(language, "unsubscribe_done", kinds=kind_names([k.value for k in off], language))
    )
    page = unsubscribe_page(language, text(language, "unsubscribe_title"), [done, text(language, "unsubscribe_again")])
    return Response(status_code=200, content_type="text/html; charset=utf-8", body=page)


lambda_handler = api.handler()
