"""import_report refuses a bad file the way an operator can act on: one clear line, a non-zero
exit, no traceback, and nothing stored (the database holds exactly what it held before)."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

Document = dict[str, Any]


def row_counts() -> dict[str, int]:
    """How many rows each of our tables (and the users table) holds."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and (model._meta.app_config.name.startswith("claims") or model._meta.label == "auth.User")
    ]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture
def backup(reviewed_seed, tmp_path) -> Document:
    """The reviewed seed exported as a JSON report, then deleted: the database is ready for a restore."""
    article, _ = reviewed_seed
    path = tmp_path / "backup.json"
    call_command("export_report", str(article.pk), "--format", "json", "-o", str(path), stdout=io.StringIO())
    article.delete()
    return json.loads(path.read_text())


def first_verdict(document: Document) -> Document:
    return next(verdict for claim in document["articles"][0]["claims"] for verdict in claim["verdicts"])


def first_claim(document: Document) -> Document:
    return document["articles"][0]["claims"][0]


def unknown_rating(document: Document) -> None:
    first_verdict(document)["rating"] = "pants-on-fire"
    document["ratings"] = [rating for rating in document.get("ratings", []) if rating["slug"] != "pants-on-fire"]


def invalid_rating_in_scale(document: Document) -> None:
    first_verdict(document)["rating"] = "half-baked"
    document["ratings"] = [{"slug": "half-baked", "label": "", "colour": "nope", "position": -1}]


def article_without_body(document: Document) -> None:
    del document["articles"][0]["body"]


def claim_without_quote(document: Document) -> None:
    del first_claim(document)["quote"]


def verdict_without_submitted_at(document: Document) -> None:
    del first_verdict(document)["submitted_at"]


def claims_not_a_list(document: Document) -> None:
    document["articles"][0]["claims"] = "several"


def article_not_an_object(document: Document) -> None:
    document["articles"] = [1]


def offsets_as_words(document: Document) -> None:
    first_claim(document)["start"] = "ten"


def a_date_that_is_not_one(document: Document) -> None:
    first_verdict(document)["submitted_at"] = "yesterday"


def an_unknown_verdict_state(document: Document) -> None:
    first_verdict(document)["state"] = "maybe"


def an_id_too_large_for_the_database(document: Document) -> None:
    first_claim(document)["id"] = 2**70


def a_null_where_text_belongs(document: Document) -> None:
    document["articles"][0]["title"] = None


MUTATIONS: dict[str, tuple[Callable[[Document], None], str]] = {
    "unknown rating": (unknown_rating, "Unknown rating 'pants-on-fire'"),
    "invalid rating in the scale": (
        invalid_rating_in_scale,
        "Invalid rating 'half-baked' in the report's scale: This field cannot be blank.",
    ),
    "article without body": (article_without_body, "missing field 'body'"),
    "claim without quote": (claim_without_quote, "missing field 'quote'"),
    "verdict without submitted_at": (verdict_without_submitted_at, "missing field 'submitted_at'"),
    "claims not a list": (claims_not_a_list, r"malformed: articles\[0\]\.claims must be a list of objects\.$"),
    "article not an object": (article_not_an_object, r"malformed: articles must be a list of objects\.$"),
    "offsets as words": (
        offsets_as_words,
        r"malformed: articles\[0\]\.claims\[0\]\.start must be a whole number, not 'ten'",
    ),
    "a date that is not one": (
        a_date_that_is_not_one,
        "The report is malformed: Invalid isoformat string: 'yesterday'.",
    ),
    "an unknown verdict state": (an_unknown_verdict_state, "Invalid verdict \\d+: .*'maybe' is not a valid choice"),
    "an id too large": (an_id_too_large_for_the_database, "The report is malformed: "),
    "a null title": (
        a_null_where_text_belongs,
        "Invalid article [0-9]+: .*'title': \\['This field cannot be null.'\\]",
    ),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_a_report_with_a_bad_field_is_refused_and_nothing_is_stored(backup, tmp_path, name):
    mutate, message = MUTATIONS[name]
    document = copy.deepcopy(backup)
    mutate(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    before = row_counts()
    with pytest.raises(CommandError, match=message) as refused:
        call_command("import_report", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert "\n" not in str(refused.value)
    assert row_counts() == before


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "truncated JSON": (
        b'{"schema_version": 1, "articles": [',
        "The report is not valid JSON: Expecting value at line 1",
    ),
    "a JSON list": (b"[1, 2, 3]", "The report must be a JSON object with schema_version and articles."),
    "an empty file": (b"", "The report is not valid JSON"),
    "a PNG image": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "The report is not UTF-8 text"),
    "deeply nested JSON": (
        b"[" * 100_000 + b"]" * 100_000,
        "The report is not a report: its JSON is nested too deeply.",
    ),
    "no article": (b'{"schema_version": 1, "articles": []}', "The report holds no article."),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_file_that_is_no_report_is_refused(tmp_path, editor, name):
    content, message = BAD_FILES[name]
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = row_counts()
    with pytest.raises(CommandError, match=message):
        call_command("import_report", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert row_counts() == before


def test_the_operator_sees_one_line_and_a_non_zero_exit(tmp_path):
    path = tmp_path / "report.json"
    path.write_bytes(b"\x00\x01binary\xff")
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "import_report", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={"DJANGO_SETTINGS_MODULE": "factcheck.test_settings", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # (django-axes announces itself on stderr at start-up: the last line is ours.)
    assert result.stderr.strip().splitlines()[-1] == "CommandError: The report is not UTF-8 text (byte 8)."
    assert result.stdout == ""
