"""CSV exports open cleanly in spreadsheets and cannot smuggle formulas into them."""

from __future__ import annotations

import csv
import io

import pytest

from tests.support import call
from tests.unit.reporting_events import ANNA, REPORTS, clicked, days_ago, joined, opportunity, posted, project, published


def export(query: str, language: str = "en"):
    return call(REPORTS, "GET", "/v1/reports/export.csv", who=ANNA, query=query, headers={"Accept-Language": language})


def rows(text: str, delimiter: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=delimiter))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+31 20 123", "'+31 20 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindent", "'\tindent"),
        ("Sales", "Sales"),
        ("", ""),
    ],
)
def test_text_that_would_run_as_a_formula_is_escaped(text, expected):
    from reporting.export import neutralise

    assert neutralise(text) == expected


def test_the_encoding_follows_rfc_4180():
    from reporting.export import encode

    document = b"".join(encode([["name", "note"], ["a;b", 'say "hi"'], ["two\nlines", 1.5]], ";")).decode("utf-8")
    assert document == '\ufeffname;note\r\n"a;b";"say ""hi"""\r\n"two\nlines";1,5\r\n'


def test_a_semicolon_export_opens_cleanly_with_dutch_decimals(stack):
    project(joined("eva", department='R&D; "Labs"'))
    project(posted("s1", "eva", department='R&D; "Labs"'))
    project(clicked("s1", "eva", department='R&D; "Labs"'))
    project(posted("s2", "daan", department="=cmd|' /C calc'!A0"))
    reply = export("view=departments&delimiter=;")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/csv; charset=utf-8")
    assert 'filename="estafette-departments-' in reply.headers["content-disposition"]
    assert "\r\n" in reply.body
    table = rows(reply.body, ";")
    header, *data = table
    assert header[0] == "department" and "media_value_eur" in header
    assert all(len(row) == len(header) for row in data)
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in data}
    assert set(by_name) == {'R&D; "Labs"', "'=cmd|' /C calc'!A0"}
    assert by_name['R&D; "Labs"']["media_value_eur"] == "3,00"
    assert by_name['R&D; "Labs"']["participation_rate"] == "1"


def test_the_delimiter_defaults_to_the_callers_language(stack):
    project(posted("s1", "eva"))
    assert rows(export("view=networks").body, ",")[1][0] == "linkedin"
    assert rows(export("view=networks", language="nl").body, ";")[1][0] == "linkedin"
    assert rows(export("view=networks&delimiter=comma", language="nl").body, ",")[1][0] == "linkedin"


def test_the_daily_export_has_a_row_per_day(stack):
    project(posted("s1", "eva", at=days_ago(1)))
    project(clicked("s1", "eva"))
    table = rows(export(f"from={days_ago(2).date()}&delimiter=,").body, ",")
    assert [r[0] for r in table[1:]] == [days_ago(n).date().isoformat() for n in (2, 1, 0)]
    header = table[0]
    today_row = dict(zip(header, table[3], strict=True))
    assert today_row["clicks"] == "1" and today_row["media_value_eur"] == "3.00"


def test_the_summary_export_lists_every_figure_with_its_formula(stack):
    project(posted("s1", "eva"))
    table = rows(export("view=summary&delimiter=;").body, ";")
    figures = {row[0]: row for row in table[1:]}
    assert figures["estimated_views"][2:4] == ["150", "375"]
    assert figures["media_value"][1] == "0,00"
    assert figures["clicks_per_share"][4] == "clicks ÷ shares"
    assert "participation_rate" in figures


def test_the_opportunity_export_escapes_what_employees_typed(stack):
    project(joined("eva", name="Eva Bakker"))
    project(published("c1", title="@Lessons"))
    project(opportunity("o1", "eva", description="-1 prospect; call back"))
    table = rows(export("view=opportunities&delimiter=;").body, ";")
    row = dict(zip(table[0], table[1], strict=True))
    assert row["employee_name"] == "Eva Bakker"
    assert row["content_title"] == "'@Lessons"
    assert row["description"] == "'-1 prospect; call back"


def test_an_unknown_delimiter_or_view_is_refused(stack):
    reply = export("delimiter=|")
    assert reply.status == 422 and reply.body["error"]["field"] == "delimiter"
    assert export("view=everything").status == 422
