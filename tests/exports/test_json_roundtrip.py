"""JSON backup: export, wipe the database, import, export again: nothing lost, nothing changed."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.contrib.auth.models import User

from claims.errors import Conflict, InvalidInput, PermissionDenied
from claims.exports import export_article
from claims.exports.json_export import SCHEMA_VERSION
from claims.models import Article, Claim, ClaimEvent, Evidence, Segment, Source, Verdict
from claims.services.articles import article_import
from claims.services.claims import claim_discard
from claims.services.reports import report_import
from claims.services.reviews import claim_transition

pytestmark = pytest.mark.django_db


def without_export_time(content: bytes) -> dict:
    document = json.loads(content)
    document.pop("exported_at")
    return document


def wipe_everything() -> None:
    Article.objects.all().delete()
    Source.objects.all().delete()
    User.objects.all().delete()


def test_a_restored_backup_exports_identically(reviewed_seed, reviewer, editor, second_editor):
    article, claim = reviewed_seed
    # A correction: the approved verdict is reopened and approved again with another rating.
    claim_transition(actor=editor, claim_id=claim.pk, action="reopen", comment="New archive material.")
    claim_transition(
        actor=reviewer, claim_id=claim.pk, action="submit", rating="mostly-false", rationale="Rare exceptions exist."
    )
    claim_transition(actor=second_editor, claim_id=claim.pk, action="approve")
    other = article.claims.exclude(pk=claim.pk).order_by("start").first()
    claim_discard(actor=reviewer, claim_id=other.pk, comment="Not a claim.")

    before = export_article(article_id=article.pk, format="json").content
    document = json.loads(before)
    assert document["schema_version"] == SCHEMA_VERSION
    (exported,) = document["articles"]
    assert exported["body_sha256"] == hashlib.sha256(exported["body"].encode()).hexdigest()
    furnace = next(c for c in exported["claims"] if c["id"] == claim.pk)
    assert [v["rating"] for v in furnace["verdicts"]] == ["false", "mostly-false"]
    assert [v["state"] for v in furnace["verdicts"]] == ["superseded", "approved"]
    assert [e["action"] for e in furnace["history"]][-4:] == ["approve", "reopen", "submit", "approve"]
    counts = [Model.objects.count() for Model in (Segment, Claim, Verdict, Evidence, ClaimEvent)]

    wipe_everything()
    restored = report_import(actor=None, data=before)

    assert restored.pk == article.pk
    assert [Model.objects.count() for Model in (Segment, Claim, Verdict, Evidence, ClaimEvent)] == counts
    assert without_export_time(export_article(article_id=restored.pk, format="json").content) == without_export_time(
        before
    )
    recreated = User.objects.get(username="rita_reviewer")
    assert (recreated.is_active, recreated.has_usable_password()) == (False, False)
    assert Claim.objects.get(pk=other.pk).discarded_at is not None
    # Ids were given explicitly: the sequences must have moved past them (PostgreSQL).
    fresh = article_import(actor=None, title="After the restore", text="A new article. It has two claims.").article
    assert fresh.pk > restored.pk
    restored_claim_ids = Claim.objects.filter(article=restored).values_list("pk", flat=True)
    assert min(fresh.claims.values_list("pk", flat=True)) > max(restored_claim_ids)


def test_a_backup_restores_beside_existing_rows_with_new_ids(reviewed_seed, editor):
    article, claim = reviewed_seed
    document = json.loads(export_article(article_id=article.pk, format="json").content)
    copy = document["articles"][0]
    copy["body"] += "\n\nA line added to make a different article."
    copy["body_sha256"] = hashlib.sha256(copy["body"].encode()).hexdigest()
    copy["title"] = "Restored copy"

    restored = report_import(actor=editor, data=json.dumps(document).encode())

    assert restored.pk != article.pk
    assert Source.objects.count() == 1  # matched by ISBN, not duplicated
    again = json.loads(export_article(article_id=restored.pk, format="json").content)["articles"][0]
    furnace = next(c for c in again["claims"] if c["quote"] == claim.quote)
    assert furnace["id"] != claim.pk
    assert furnace["current_verdict"] == furnace["verdicts"][-1]["id"]
    assert (furnace["status"], furnace["verdicts"][-1]["rating"], furnace["evidence"][0]["stance"]) == (
        "approved",
        "false",
        "refutes",
    )
    assert len(again["claims"]) == len(copy["claims"])


def test_the_same_article_twice_is_a_conflict(reviewed_seed, editor):
    article, _ = reviewed_seed
    data = export_article(article_id=article.pk, format="json").content
    with pytest.raises(Conflict, match=rf"already in the database \(id {article.pk}\)"):
        report_import(actor=editor, data=data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", r"not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
        (b"\xff\xfe", r"not UTF-8"),
        (b"[1]", r"must be a JSON object"),
        (b'{"schema_version": 99, "articles": []}', r"Unsupported schema_version 99"),
        (b'{"articles": [{}]}', r"Unsupported schema_version None"),
        (b'{"schema_version": 1, "articles": []}', r"holds no article"),
        (b'{"schema_version": 1, "articles": [{"title": "x"}]}', r"malformed: missing field 'body'"),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(editor, data, message):
    with pytest.raises(InvalidInput, match=message):
        report_import(actor=editor, data=data)
    assert Article.objects.count() == 0


def test_an_altered_body_is_refused_and_nothing_is_stored(reviewed_seed, editor):
    article, _ = reviewed_seed
    document = json.loads(export_article(article_id=article.pk, format="json").content)
    Article.objects.all().delete()
    document["articles"][0]["body"] = document["articles"][0]["body"].replace("Soviet", "Sowjet", 1)
    with pytest.raises(InvalidInput, match="does not match its sha256"):
        report_import(actor=editor, data=json.dumps(document).encode())
    assert Article.objects.count() == 0


def test_only_editors_restore_reports(reviewed_seed, reviewer):
    article, _ = reviewed_seed
    data = export_article(article_id=article.pk, format="json").content
    with pytest.raises(PermissionDenied):
        report_import(actor=reviewer, data=data)
