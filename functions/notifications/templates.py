"""The words of every notification, in English and Dutch, rendered as a text part and an HTML part.

Copy is plain data (`COPY[language][key]`), so a translator finds every sentence in one place
and a test can check both languages have the same keys. Everything a curator or a network
wrote (titles, summaries, reasons) is HTML-escaped before it goes into the HTML part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from estafette.domain import Language

NETWORK_NAMES = {
    "linkedin": "LinkedIn",
    "x": "X",
    "bluesky": "Bluesky",
    "facebook": "Facebook",
    "whatsapp": "WhatsApp",
    "xing": "XING",
}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
           "December"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november",
           "december"],
}  # fmt: skip

COPY: dict[str, dict[str, str]] = {
    "en": {
        "greeting": "Hi {name},",
        "greeting_anonymous": "Hi,",
        "digest_subject": "New for you to share: {title}",
        "digest_subject_more": "New for you to share: {title}, and {more} more",
        "digest_subject_vacancy": "A vacancy in your department: {title}",
        "digest_subject_vacancy_more": "A vacancy in your department: {title}, and {more} more to share",
        "digest_intro": "Here is what is new for you. Pick what fits you and share it in your own words.",
        "digest_vacancies": "A vacancy in your department. Do you know someone?",
        "digest_new": "New for you",
        "digest_more": "And {more} more in your feed.",
        "share_button": "Share in your own words",
        "read_link": "Read it",
        "impact_subject": "Your week: {shares}, {clicks}, {value} in media value",
        "n_shares_one": "{n} share",
        "n_shares_other": "{n} shares",
        "n_clicks_one": "{n} click",
        "n_clicks_other": "{n} clicks",
        "impact_intro": "This is what your sharing did last week ({period}).",
        "impact_shares": "Shares",
        "impact_clicks": "Clicks on your links",
        "impact_reach": "Potential reach",
        "impact_reach_formula": "the connections of each network you shared to, added up",
        "impact_value": "Media value",
        "impact_value_formula": "clicks × cost per click: {rates}",
        "impact_value_unpriced": "clicks on networks without a cost per click count for nothing",
        "impact_total": "Since you started: {shares}, {clicks}, {value} in media value.",
        "impact_suggestion": "One to share this week",
        "reconnect_expiring_subject": "Your {network} connection expires on {date}: reconnect in one click",
        "reconnect_expiring_body": "{network} lets a connection last a limited time. Yours expires on {date}; after that, "
        "what you share stops reaching {network} without a sound. Reconnect now and nothing changes.",
        "reconnect_expired_subject": "Your {network} connection has stopped: reconnect to keep sharing",
        "reconnect_expired_body": "{network} no longer accepts your connection. Until you reconnect, nothing you share "
        "reaches {network}.",
        "reconnect_button": "Reconnect {network}",
        "share_failed_subject": "Your share to {network} was not posted",
        "share_failed_intro": "Your share to {network} did not go out.",
        "share_failed_reason": "What {network} said: {reason}",
        "share_failed_todo_network_not_connected": "Connect your {network} account, then share the item again from your feed.",
        "share_failed_todo_rejected_by_network": "{network} refused the post. Check your text (its length, its links, "
        "or whether it repeats an earlier post word for word) and share it again.",
        "share_failed_todo_retries_exhausted": "{network} kept failing, so after several tries we stopped. Share the item "
        "again from your feed in a while.",
        "share_failed_todo_default": "Share it again from your feed. If it keeps failing, ask your communications team.",
        "share_failed_button": "Open your share",
        "footer_unsubscribe": "Don't want these emails? Unsubscribe in one click",
        "footer_preferences": "All your notification settings",
        "footer_why": "You get this email because you take part in {company}'s employee advocacy.",
        "company_fallback": "your organisation",
        "chat_new": "New to share: {title}",
        "chat_label": "New to share",
        "chat_for": "For {audience}",
        "chat_for_everyone": "For everyone",
        "chat_button": "Share it in your own words",
        "type_news": "News",
        "type_vacancy": "Vacancy",
        "type_industry": "Industry",
        "type_expertise": "Expertise",
        "type_event": "Event",
        "unsubscribe_title": "Unsubscribe",
        "unsubscribe_question": "Stop these emails: {kinds}?",
        "unsubscribe_button": "Unsubscribe",
        "unsubscribe_all_button": "Unsubscribe from all Estafette emails",
        "unsubscribe_done": "Done. You will no longer get these emails: {kinds}.",
        "unsubscribe_done_all": "Done. You will no longer get any Estafette emails.",
        "unsubscribe_again": "Changed your mind? Switch them back on in your notification settings.",
        "kind_new_content": "the daily digest of new content",
        "kind_vacancy": "vacancies in your department",
        "kind_reconnect": "reminders to reconnect a network",
        "kind_share_failed": "shares that were not posted",
        "kind_weekly_impact": "your weekly impact",
        "someone": "a colleague",
        "review_subject": "To review: {title}",
        "review_intro": "{name} sent an item for review. Approve it, or send it back with what to change.",
        "review_button": "Open the approval inbox",
        "suggestion_subject": "{name} suggests something to share: {title}",
        "suggestion_intro": "{name} suggested content from an occasion ({occasion}). Turn it into an item in one step, "
        "or send it back with a reason.",
        "suggestion_button": "Open the suggestion",
        "occasion_project_delivered": "a project delivered",
        "occasion_client_visit": "a client visit",
        "occasion_event": "an event",
        "occasion_collaboration": "a collaboration",
        "rejected_subject": "Sent back: {title}",
        "rejected_intro": "{name} sent this item back to draft.",
        "rejected_reason": "The reason: {reason}",
        "rejected_todo": "Change what the reason asks for and send it for review again.",
        "rejected_button": "Open the item",
        "kind_review": "new items and suggestions to review",
        "kind_content_rejected": "items of yours that were sent back",
    },
    "nl": {
        "greeting": "Hoi {name},",
        "greeting_anonymous": "Hoi,",
        "digest_subject": "Nieuw om te delen: {title}",
        "digest_subject_more": "Nieuw om te delen: {title}, en nog {more}",
        "digest_subject_vacancy": "Een vacature in je afdeling: {title}",
        "digest_subject_vacancy_more": "Een vacature in je afdeling: {title}, en nog {more} om te delen",
        "digest_intro": "Dit is er nieuw voor jou. Kies wat bij je past en deel het in je eigen woorden.",
        "digest_vacancies": "Een vacature in je afdeling. Ken jij iemand?",
        "digest_new": "Nieuw voor jou",
        "digest_more": "En nog {more} in je feed.",
        "share_button": "Deel in je eigen woorden",
        "read_link": "Lees het",
        "impact_subject": "Jouw week: {shares}, {clicks}, {value} aan mediawaarde",
        "n_shares_one": "{n} keer gedeeld",
        "n_shares_other": "{n} keer gedeeld",
        "n_clicks_one": "{n} klik",
        "n_clicks_other": "{n} kliks",
        "impact_intro": "Dit heeft jouw delen vorige week opgeleverd ({period}).",
        "impact_shares": "Keer gedeeld",
        "impact_clicks": "Kliks op je links",
        "impact_reach": "Mogelijk bereik",
        "impact_reach_formula": "de connecties van elk netwerk waarop je deelde, bij elkaar opgeteld",
        "impact_value": "Mediawaarde",
        "impact_value_formula": "kliks × kosten per klik: {rates}",
        "impact_value_unpriced": "kliks op netwerken zonder kosten per klik tellen niet mee",
        "impact_total": "Sinds je begon: {shares}, {clicks}, {value} aan mediawaarde.",
        "impact_suggestion": "Eén om deze week te delen",
        "reconnect_expiring_subject": "Je {network}-koppeling verloopt op {date}: koppel opnieuw met één klik",
        "reconnect_expiring_body": "{network} houdt een koppeling maar een beperkte tijd geldig. De jouwe verloopt op "
        "{date}; daarna komt wat je deelt niet meer op {network}, zonder dat je het merkt. Koppel nu opnieuw en er "
        "verandert niets.",
        "reconnect_expired_subject": "Je {network}-koppeling werkt niet meer: koppel opnieuw om te blijven delen",
        "reconnect_expired_body": "{network} accepteert je koppeling niet meer. Tot je opnieuw koppelt, komt niets wat je "
        "deelt op {network}.",
        "reconnect_button": "Koppel {network} opnieuw",
        "share_failed_subject": "Je bericht op {network} is niet geplaatst",
        "share_failed_intro": "Je bericht op {network} is niet verstuurd.",
        "share_failed_reason": "Wat {network} zei: {reason}",
        "share_failed_todo_network_not_connected": "Koppel je {network}-account en deel het item daarna opnieuw vanuit je feed.",
        "share_failed_todo_rejected_by_network": "{network} weigerde het bericht. Controleer je tekst (de lengte, de "
        "links, of hij woord voor woord gelijk is aan een eerder bericht) en deel hem opnieuw.",
        "share_failed_todo_retries_exhausted": "{network} bleef haperen, dus na een paar pogingen zijn we gestopt. Deel "
        "het opnieuw vanuit je feed over een tijdje.",
        "share_failed_todo_default": "Deel het opnieuw vanuit je feed. Lukt het steeds niet, vraag het dan aan je "
        "communicatieteam.",
        "share_failed_button": "Open je bericht",
        "footer_unsubscribe": "Wil je deze e-mails niet meer? Meld je af met één klik",
        "footer_preferences": "Al je instellingen voor meldingen",
        "footer_why": "Je krijgt deze e-mail omdat je meedoet aan employee advocacy bij {company}.",
        "company_fallback": "je organisatie",
        "chat_new": "Nieuw om te delen: {title}",
        "chat_label": "Nieuw om te delen",
        "chat_for": "Voor {audience}",
        "chat_for_everyone": "Voor iedereen",
        "chat_button": "Deel het in je eigen woorden",
        "type_news": "Nieuws",
        "type_vacancy": "Vacature",
        "type_industry": "Branche",
        "type_expertise": "Expertise",
        "type_event": "Evenement",
        "unsubscribe_title": "Afmelden",
        "unsubscribe_question": "Wil je deze e-mails niet meer: {kinds}?",
        "unsubscribe_button": "Afmelden",
        "unsubscribe_all_button": "Afmelden voor alle e-mails van Estafette",
        "unsubscribe_done": "Gelukt. Je krijgt deze e-mails niet meer: {kinds}.",
        "unsubscribe_done_all": "Gelukt. Je krijgt geen e-mails van Estafette meer.",
        "unsubscribe_again": "Toch weer willen ontvangen? Zet ze aan in je instellingen voor meldingen.",
        "kind_new_content": "het dagelijkse overzicht van nieuwe content",
        "kind_vacancy": "vacatures in je afdeling",
        "kind_reconnect": "herinneringen om een netwerk opnieuw te koppelen",
        "kind_share_failed": "berichten die niet zijn geplaatst",
        "kind_weekly_impact": "je wekelijkse impact",
        "someone": "een collega",
        "review_subject": "Te beoordelen: {title}",
        "review_intro": "{name} heeft een item ter beoordeling ingediend. Keur het goed, of stuur het terug met wat er "
        "moet veranderen.",
        "review_button": "Open de goedkeuringsinbox",
        "suggestion_subject": "{name} stelt iets voor om te delen: {title}",
        "suggestion_intro": "{name} heeft content voorgesteld naar aanleiding van {occasion}. Maak er in één stap een item "
        "van, of stuur het terug met een reden.",
        "suggestion_button": "Open de suggestie",
        "occasion_project_delivered": "een opgeleverd project",
        "occasion_client_visit": "een klantbezoek",
        "occasion_event": "een evenement",
        "occasion_collaboration": "een samenwerking",
        "rejected_subject": "Teruggestuurd: {title}",
        "rejected_intro": "{name} heeft dit item teruggezet naar concept.",
        "rejected_reason": "De reden: {reason}",
        "rejected_todo": "Pas aan wat de reden vraagt en dien het opnieuw in ter beoordeling.",
        "rejected_button": "Open het item",
        "kind_review": "nieuwe items en suggesties om te beoordelen",
        "kind_content_rejected": "items van jou die zijn teruggestuurd",
    },
}


def text(language: Language | str, key: str, **params: object) -> str:
    table = COPY.get(str(language), COPY["en"])
    return table[key].format(**params)


def count(language: Language | str, key: str, n: int) -> str:
    return text(language, f"{key}_{'one' if n == 1 else 'other'}", n=n)


def network_name(network: str) -> str:
    return NETWORK_NAMES.get(network, network)


def long_date(day: date, language: Language | str) -> str:
    return f"{day.day} {MONTHS.get(str(language), MONTHS['en'])[day.month - 1]} {day.year}"


def money(amount: Decimal, language: Language | str) -> str:
    rounded = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    formatted = f"{rounded:,.2f}"
    if str(language) == "nl":
        return "€ " + formatted.replace(",", "_").replace(".", ",").replace("_", ".")
    return "€" + formatted


def kind_names(kinds: list[str], language: Language | str) -> str:
    return ", ".join(text(language, f"kind_{kind}") for kind in kinds)


def safe_url(url: str) -> str:
    """Only web links become links: a `javascript:` or `data:` URL in content is shown as nothing."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def one_line(value: str, limit: int = 150) -> str:
    """Header-safe: no line breaks, and not endless."""
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


# --- the body, as blocks both parts are rendered from ------------------------------------------


@dataclass
class Block:
    """One piece of a message body: a heading, a paragraph, an item card, a button or a figure."""

    kind: str  # heading | paragraph | item | button | figure | note
    text: str = ""
    url: str = ""
    value: str = ""  # a figure's value
    detail: str = ""  # an item's summary, a figure's formula
    action: str = ""  # an item's call to action
    action_url: str = ""
    emphasis: bool = False


@dataclass
class Message:
    subject: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Footer:
    unsubscribe_url: str
    preferences_url: str
    company: str


def render_text(message: Message, footer: Footer, language: Language | str) -> str:
    lines: list[str] = []
    for block in message.blocks:
        if block.kind == "heading":
            heading = ("★ " if block.emphasis else "") + block.text
            lines += ["", heading, ("=" if block.emphasis else "-") * min(len(heading), 60)]
        elif block.kind == "paragraph" or block.kind == "note":
            lines += [block.text, ""]
        elif block.kind == "item":
            lines += [("★ " if block.emphasis else "• ") + block.text]
            if block.detail:
                lines.append(f"  {block.detail}")
            if safe_url(block.url):
                lines.append(f"  {text(language, 'read_link')}: {block.url}")
            if block.action_url:
                lines.append(f"  {block.action}: {block.action_url}")
            lines.append("")
        elif block.kind == "figure":
            lines.append(f"{block.text}: {block.value}" + (f"  ({block.detail})" if block.detail else ""))
        elif block.kind == "button":
            lines += ["", f"{block.text}: {block.url}", ""]
    lines += [
        "",
        "--",
        text(language, "footer_why", company=footer.company),
        f"{text(language, 'footer_unsubscribe')}: {footer.unsubscribe_url}",
        f"{text(language, 'footer_preferences')}: {footer.preferences_url}",
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


_BUTTON = (
    '<p style="margin:20px 0"><a href="{url}" style="background:#0b5cad;color:#ffffff;padding:10px 18px;'
    'border-radius:6px;text-decoration:none;display:inline-block">{label}</a></p>'
)


def render_html(message: Message, footer: Footer, language: Language | str) -> str:
    parts: list[str] = []
    for block in message.blocks:
        if block.kind == "heading":
            colour = "#b3261e" if block.emphasis else "#1d1d1f"
            parts.append(f'<h2 style="font-size:18px;margin:24px 0 8px;color:{colour}">{escape(block.text)}</h2>')
        elif block.kind == "paragraph":
            parts.append(f'<p style="margin:0 0 12px">{escape(block.text)}</p>')
        elif block.kind == "note":
            parts.append(f'<p style="margin:0 0 12px;color:#555;font-size:13px">{escape(block.text)}</p>')
        elif block.kind == "item":
            border = "#b3261e" if block.emphasis else "#d0d7de"
            url = safe_url(block.url)
            title = f'<a href="{escape(url)}" style="color:#1d1d1f">{escape(block.text)}</a>' if url else escape(block.text)
            detail = f'<div style="color:#444;margin-top:4px">{escape(block.detail)}</div>' if block.detail else ""
            action = (
                f'<div style="margin-top:8px"><a href="{escape(block.action_url)}" style="color:#0b5cad">'
                f"{escape(block.action)} →</a></div>"
                if block.action_url
                else ""
            )
            parts.append(
                f'<div style="border-left:4px solid {border};padding:8px 12px;margin:0 0 12px">'
                f"<strong>{title}</strong>{detail}{action}</div>"
            )
        elif block.kind == "figure":
            formula = f'<div style="color:#555;font-size:12px">{escape(block.detail)}</div>' if block.detail else ""
            parts.append(
                f'<tr><td style="padding:6px 16px 6px 0">{escape(block.text)}</td>'
                f'<td style="padding:6px 0"><strong>{escape(block.value)}</strong>{formula}</td></tr>'
            )
        elif block.kind == "button":
            parts.append(_BUTTON.format(url=escape(block.url), label=escape(block.text)))
    body = _wrap_figures(parts)
    why = escape(text(language, "footer_why", company=footer.company))
    unsubscribe = (
        f'<a href="{escape(footer.unsubscribe_url)}" style="color:#555">{escape(text(language, "footer_unsubscribe"))}</a>'
    )
    preferences = (
        f'<a href="{escape(footer.preferences_url)}" style="color:#555">{escape(text(language, "footer_preferences"))}</a>'
    )
    return (
        f'<!DOCTYPE html><html lang="{escape(str(language))}"><head><meta charset="utf-8">'
        f"<title>{escape(message.subject)}</title></head>"
        '<body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1d1d1f;line-height:1.5;'
        'max-width:600px;margin:0 auto;padding:16px">'
        f"{body}"
        '<hr style="border:none;border-top:1px solid #ddd;margin:32px 0 12px">'
        f'<p style="color:#555;font-size:12px">{why}<br>{unsubscribe} · {preferences}</p>'
        "</body></html>"
    )


def _wrap_figures(parts: list[str]) -> str:
    """Consecutive figure rows become one table."""
    out: list[str] = []
    rows: list[str] = []
    for part in [*parts, ""]:
        if part.startswith("<tr>"):
            rows.append(part)
            continue
        if rows:
            out.append('<table style="border-collapse:collapse;margin:8px 0 16px">' + "".join(rows) + "</table>")
            rows = []
        out.append(part)
    return "".join(out)


def unsubscribe_page(language: Language | str, title: str, paragraphs: list[str], form: str = "") -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{escape(str(language))}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title></head>'
        '<body style="font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:520px;margin:40px auto;'
        f'padding:0 16px;color:#1d1d1f"><h1 style="font-size:22px">{escape(title)}</h1>{body}{form}</body></html>'
    )
