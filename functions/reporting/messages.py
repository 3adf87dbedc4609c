"""Reporting's user-facing messages, in English and Dutch."""

from __future__ import annotations

from estafette.i18n import register

register(
    {
        "metrics_not_available": {
            "en": "Engagement not available for {network}: the app lacks {scopes} ({without} of {shares} shares).",
            "nl": "Interactie niet beschikbaar voor {network}: de app mist {scopes} ({without} van {shares} delingen).",
        },
        "report_content_not_found": {
            "en": "There is no content '{content_id}' in the reports.",
            "nl": "Er is geen content '{content_id}' in de rapportages.",
        },
        "opportunity_source_missing": {
            "en": "Say where the opportunity came from: give a share_id or a content_id.",
            "nl": "Geef aan waar de kans vandaan kwam: vul een share_id of een content_id in.",
        },
        "opportunity_share_not_found": {
            "en": "There is no posted share '{share_id}' in your organisation.",
            "nl": "Er is geen geplaatste deling '{share_id}' in je organisatie.",
        },
        "opportunity_content_not_found": {
            "en": "There is no published content '{content_id}' in your organisation.",
            "nl": "Er is geen gepubliceerde content '{content_id}' in je organisatie.",
        },
        "impact_connections": {
            "en": "Your {connections} {network} connections ≈ {low}–{high} views per share.",
            "nl": "Je {connections} connecties op {network} ≈ {low}–{high} weergaven per deling.",
        },
        "impact_benchmark": {
            "en": "The average advocate's {connections} connections ≈ {low}–{high} views per share. Share once to see yours.",
            "nl": "De {connections} connecties van een gemiddelde ambassadeur ≈ {low}–{high} weergaven per deling. "
            "Deel één keer om die van jou te zien.",
        },
        "rank_invite": {
            "en": "Share something to join the {board} leaderboard.",
            "nl": "Deel iets om op het {board} te komen.",
        },
        "rank_first": {
            "en": "You lead the board. Nice work!",
            "nl": "Je staat bovenaan. Goed bezig!",
        },
        "rank_next": {
            "en": "{points} more points to move up a place.",
            "nl": "Nog {points} punten om een plek te stijgen.",
        },
    }
)

NETWORK_NAMES = {
    "linkedin": "LinkedIn",
    "x": "X",
    "bluesky": "Bluesky",
    "facebook": "Facebook",
    "whatsapp": "WhatsApp",
    "xing": "XING",
}
BOARD_WORDS = {
    "en": {"week": "weekly", "month": "monthly", "all": "all-time"},
    "nl": {"week": "weekscorebord", "month": "maandscorebord", "all": "scorebord"},
}


def number(value: float, language: str) -> str:
    """A whole number with the language's thousands separator: 11,250 (en) or 11.250 (nl)."""
    text = f"{round(value):,}"
    return text.replace(",", ".") if language == "nl" else text
