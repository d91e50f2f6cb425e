"""Retraction watch: Crossref's updated-by / update-to relations mark a cited source; approved verdicts
citing a retracted one are reopened through the workflow, with history and a notification event."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from claims.models import Claim, ClaimEvent
from claims.research import hooks
from claims.research.models import ClaimSourceFlag, SourceWatch
from claims.research.services import SYSTEM_USERNAME, check_retractions
from claims.services.claims import claim_assign
from claims.services.reviews import claim_transition, evidence_add
from tests.conftest import client_for
from tests.factories import SourceFactory, article_from_text
from tests.research import recorded

TEXT = (
    "About 575,000 Japanese soldiers were taken to Siberia after August 1945. "
    "The vaccine study of 1998 proved a link with autism."
)


def approved_claim(*, reviewer, editor, source, text=TEXT):
    article = article_from_text(text, title="Camps and vaccines", actor=editor)
    claim = article.claims.order_by("start").last()
    claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="refutes", quote="No link was shown.")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="Retracted study.")
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture
def heard():
    events: list[hooks.RetractionFound] = []
    hooks.on_retraction_found(events.append)
    yield events
    hooks.remove_retraction_listener(events.append)


def expect_crossref(server, doi, work, notices=recorded.CROSSREF_NO_NOTICES):
    server.expect_request(f"/crossref/works/{doi}").respond_with_json(work)
    server.expect_request("/crossref/works", query_string={"filter": f"updates:{doi}", "rows": "20"}).respond_with_json(
        notices
    )


def test_a_retraction_reopens_the_approved_verdict_with_history_and_a_notification(
    online, reviewer, editor, second_editor, heard, django_capture_on_commit_callbacks
):
    source = SourceFactory(
        doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia", csl_type="article-journal"
    )
    claim = approved_claim(reviewer=reviewer, editor=editor, source=source)
    assert claim.status == "approved"
    expect_crossref(online, recorded.WAKEFIELD_DOI, recorded.CROSSREF_RETRACTED_WORK)
    steps = []

    with django_capture_on_commit_callbacks(execute=True):
        report = check_retractions(progress=lambda done, total, message: steps.append((done, total)))

    assert steps == [(0, 1), (1, 1)]
    assert report.checked == 1
    assert report.changed == [
        {
            "source": source.pk,
            "doi": recorded.WAKEFIELD_DOI,
            "status": "retracted",
            "claims": [claim.pk],
            "reopened": [claim.pk],
        }
    ]
    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert claim.current_verdict is None
    event = ClaimEvent.objects.filter(claim=claim).order_by("-id").first()
    assert event.action == "reopen"
    assert (event.from_status, event.to_status) == ("approved", "in_review")
    assert event.actor.username == SYSTEM_USERNAME
    assert "Reopened for review by the retraction watch" in event.comment
    assert f"doi:{recorded.RETRACTION_NOTICE_DOI}" in event.comment
    assert "Retraction Watch database" in event.comment
    watch = SourceWatch.objects.get(source=source)
    assert watch.update_status == "retracted"
    assert watch.update_notices[0]["date"] == "2010-02-06"
    flag = ClaimSourceFlag.objects.get(claim=claim)
    assert (flag.status, flag.reopened, flag.resolved_at) == ("retracted", True, None)
    assert len(heard) == 1
    assert heard[0].reopened_claim_ids == [claim.pk]
    assert heard[0].recipients == {claim.pk: sorted([reviewer.pk, editor.pk, second_editor.pk])}


def test_a_second_check_changes_nothing_more(online, reviewer, editor):
    source = SourceFactory(doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia")
    claim = approved_claim(reviewer=reviewer, editor=editor, source=source)
    expect_crossref(online, recorded.WAKEFIELD_DOI, recorded.CROSSREF_RETRACTED_WORK)
    check_retractions()
    events = ClaimEvent.objects.filter(claim=claim).count()
    second = check_retractions()
    assert second.changed == []
    assert ClaimEvent.objects.filter(claim=claim).count() == events
    assert ClaimSourceFlag.objects.filter(claim=claim).count() == 1


def test_a_correction_flags_the_claim_but_leaves_the_verdict_approved(online, reviewer, editor):
    source = SourceFactory(doi=recorded.CORRECTED_DOI, title="A pneumonia outbreak")
    claim = approved_claim(reviewer=reviewer, editor=editor, source=source)
    expect_crossref(online, recorded.CORRECTED_DOI, recorded.CROSSREF_CORRECTED_WORK)
    report = check_retractions()
    assert report.changed[0]["status"] == "corrected"
    assert report.changed[0]["reopened"] == []
    claim.refresh_from_db()
    assert claim.status == "approved"
    assert ClaimSourceFlag.objects.get(claim=claim).status == "corrected"


def test_a_retraction_named_only_on_the_notice_is_found_through_update_to(online, reviewer, editor):
    source = SourceFactory(doi=recorded.OLD_DEPOSIT_DOI, title="A Bacterium That Can Grow by Using Arsenic")
    claim = approved_claim(reviewer=reviewer, editor=editor, source=source)
    expect_crossref(
        online, recorded.OLD_DEPOSIT_DOI, recorded.CROSSREF_PLAIN_WORK, recorded.CROSSREF_NOTICES_FOR_OLD_DEPOSIT
    )
    report = check_retractions()
    assert report.changed[0]["status"] == "retracted"
    assert SourceWatch.objects.get(source=source).update_notices == [
        {
            "type": "retraction",
            "status": "retracted",
            "label": "Retraction",
            "doi": "10.1126/science.adq5929",
            "date": "2025-07-24",
            "source": "publisher",
        }
    ]
    claim.refresh_from_db()
    assert claim.status == "in_review"


def test_a_claim_in_review_citing_a_retracted_source_is_flagged_not_moved(online, reviewer, editor):
    source = SourceFactory(doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia")
    article = article_from_text(TEXT, actor=editor)
    claim = article.claims.order_by("start").last()
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="supports")
    expect_crossref(online, recorded.WAKEFIELD_DOI, recorded.CROSSREF_RETRACTED_WORK)
    check_retractions()
    claim.refresh_from_db()
    assert claim.status == "in_review"
    assert ClaimSourceFlag.objects.get(claim=claim).reopened is False


def test_the_command_prints_progress_and_the_affected_claims(online, reviewer, editor, capsys):
    source = SourceFactory(doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia")
    claim = approved_claim(reviewer=reviewer, editor=editor, source=source)
    expect_crossref(online, recorded.WAKEFIELD_DOI, recorded.CROSSREF_RETRACTED_WORK)
    call_command("check_retractions")
    out = capsys.readouterr().out
    assert "[##############################] 1/1 doi:10.1016/s0140-6736(97)11096-0" in out
    assert f"is retracted: 1 claim(s) flagged [{claim.pk}], reopened 1: [{claim.pk}]" in out
    assert "Checked 1 DOI(s); 1 newly affected; 0 failed." in out


def test_the_command_fails_clearly_offline(reviewer):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="offline mode"):
        call_command("check_retractions")


def test_the_report_lists_affected_claims_for_editors(online, reviewer, editor, login):
    source = SourceFactory(doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia")
    claim = approved_claim(reviewer=reviewer, editor=editor, source=source)
    expect_crossref(online, recorded.WAKEFIELD_DOI, recorded.CROSSREF_RETRACTED_WORK)
    check_retractions()
    rows = client_for(editor).get("/api/research/retractions/").json()
    assert [(row["source"], row["status"]) for row in rows] == [(source.pk, "retracted")]
    assert rows[0]["claims"] == [
        {"claim": claim.pk, "article": claim.article_id, "quote": claim.quote, "status": "in_review", "reopened": True}
    ]
    assert client_for(reviewer).get("/api/research/retractions/").status_code == 403
    page = login(editor).get("/research/retractions/").content.decode()
    assert "retracted" in page
    checked = SourceWatch.objects.get(source=source).update_checked_at
    assert f"The check runs every 24 hours by itself; last checked {checked:%Y-%m-%d %H:%M} UTC." in page
    assert "reopened for review" in page
    workspace = login(reviewer).get(f"/articles/{claim.article_id}/?claim={claim.pk}").content.decode()
    assert "A cited source is <b>retracted</b>" in workspace


def test_the_admin_shows_the_watch_read_only(online, reviewer, editor, admin_user, login):
    source = SourceFactory(doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia")
    approved_claim(reviewer=reviewer, editor=editor, source=source)
    expect_crossref(online, recorded.WAKEFIELD_DOI, recorded.CROSSREF_RETRACTED_WORK)
    check_retractions()
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = login(admin_user)
    page = client.get("/admin/research/sourcewatch/")
    assert page.status_code == 200
    assert "Retracted" in page.content.decode()
    assert client.get("/admin/research/claimsourceflag/").status_code == 200
    assert client.get("/admin/research/sourcesnapshot/").status_code == 200
    assert client.get("/admin/research/sourcewatch/add/").status_code == 403


def test_an_expression_of_concern_flags_the_claim_and_keeps_the_verdict(online, reviewer, editor, heard):
    source = SourceFactory(doi=recorded.CONCERN_DOI, title="Hydroxychloroquine or chloroquine")
    claim = approved_claim(reviewer=reviewer, editor=editor, source=source)
    expect_crossref(online, recorded.CONCERN_DOI, recorded.CROSSREF_CONCERN_WORK)
    report = check_retractions()
    assert report.changed == [
        {
            "source": source.pk,
            "doi": recorded.CONCERN_DOI,
            "status": "expression_of_concern",
            "claims": [claim.pk],
            "reopened": [],
        }
    ]
    claim.refresh_from_db()
    assert claim.status == "approved"
    flag = ClaimSourceFlag.objects.get(claim=claim)
    assert (flag.status, flag.reopened) == ("expression_of_concern", False)
    assert SourceWatch.objects.get(source=source).update_notices[0]["label"] == "Expression of Concern"


def test_a_retraction_after_a_correction_escalates_and_reopens(online, reviewer, editor):
    source = SourceFactory(doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia")
    claim = approved_claim(reviewer=reviewer, editor=editor, source=source)
    corrected = {"message": {**recorded.CROSSREF_CORRECTED_WORK["message"], "DOI": recorded.WAKEFIELD_DOI}}
    online.expect_oneshot_request(f"/crossref/works/{recorded.WAKEFIELD_DOI}").respond_with_json(corrected)
    expect_crossref(online, recorded.WAKEFIELD_DOI, recorded.CROSSREF_RETRACTED_WORK)
    assert check_retractions().changed[0]["status"] == "corrected"
    assert Claim.objects.get(pk=claim.pk).status == "approved"
    assert check_retractions().changed[0]["reopened"] == [claim.pk]
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    assert sorted(ClaimSourceFlag.objects.filter(claim=claim).values_list("status", flat=True)) == [
        "corrected",
        "retracted",
    ]


def test_the_published_page_changes_only_when_a_person_acts(online, reviewer, editor, second_reviewer, client):
    from claims.publishing.services import article_publish

    source = SourceFactory(doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia")
    claim = approved_claim(reviewer=reviewer, editor=editor, source=source)
    publication = article_publish(actor=editor, article_id=claim.article_id)
    before = client.get(f"/fact-checks/{publication.slug}/").content.decode()
    expect_crossref(online, recorded.WAKEFIELD_DOI, recorded.CROSSREF_RETRACTED_WORK)

    check_retractions()

    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    after = client.get(f"/fact-checks/{publication.slug}/").content.decode()
    assert after == before
    assert "Retracted study." in after  # the published rationale, as approved
    assert "reopen" not in after.lower()


def test_the_library_marks_a_retracted_source(online, reviewer, editor, login):
    source = SourceFactory(doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia")
    other = SourceFactory(title="Repatriation of prisoners from Siberia")
    approved_claim(reviewer=reviewer, editor=editor, source=source)
    expect_crossref(online, recorded.WAKEFIELD_DOI, recorded.CROSSREF_RETRACTED_WORK)
    check_retractions()
    library = login(reviewer).get("/sources/").content.decode()
    rows = {
        row.split('href="/sources/')[1].split("/")[0]: row for row in library.split('<li class="card source-row')[1:]
    }
    assert '<span class="chip chip-danger" title="Crossref reports a retraction' in rows[str(source.pk)]
    assert "retracted" not in rows[str(other.pk)]
    detail = login(reviewer).get(f"/sources/{source.pk}/").content.decode()
    assert "Crossref: this work is <b>retracted</b>." in detail
