"""A retraction found by the watch reaches people through the notifications (claims.collab)."""

from __future__ import annotations

from claims.collab.models import Notification
from claims.models import Claim
from tests.factories import SourceFactory
from tests.research import recorded
from tests.research.test_retractions import approved_claim, expect_crossref


def test_a_retraction_notifies_the_assignee_and_the_editors(
    online, reviewer, editor, second_editor, django_capture_on_commit_callbacks
):
    from claims.research.services import check_retractions

    source = SourceFactory(
        doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia", csl_type="article-journal"
    )
    claim = approved_claim(reviewer=reviewer, editor=editor, source=source)
    expect_crossref(online, recorded.WAKEFIELD_DOI, recorded.CROSSREF_RETRACTED_WORK)
    with django_capture_on_commit_callbacks(execute=True):
        check_retractions()
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    told = dict(Notification.objects.filter(kind="retraction").values_list("recipient__username", "url"))
    assert told == {
        reviewer.username: f"/articles/{claim.article_id}/?claim={claim.pk}#claim-panel",
        editor.username: "/research/retractions/",
        second_editor.username: "/research/retractions/",
    }
    text = Notification.objects.get(recipient=reviewer).text
    assert text.startswith(f"Cited source {source.pk} “Ileal-lymphoid-nodular hyperplasia” is retracted")
