"""The verdict scale over the API: every role reads it, admins change it through the scale service,
with an ETag per rating and the service's rules (a slug verdicts use is fixed) answered as 409."""

from __future__ import annotations

from claims.models import VerdictRating
from claims.services.articles import article_import
from claims.services.reviews import claim_transition, evidence_add
from tests.api.conftest import token_client
from tests.factories import SourceFactory


def test_a_rating_sends_its_version_and_a_stale_if_match_is_412(admin_user):
    api = token_client(admin_user)
    rating = VerdictRating.objects.get(slug="misleading")
    read = api.get(f"/api/scale/{rating.pk}/")
    assert read["ETag"] == f'"{rating.version}"'
    renamed = api.patch(
        f"/api/scale/{rating.pk}/", {"label": "Misleading framing"}, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    assert renamed.status_code == 200
    assert renamed.json()["label"] == "Misleading framing"
    assert renamed["ETag"] == f'"{rating.version + 1}"'
    stale = api.patch(f"/api/scale/{rating.pk}/", {"label": "Spin"}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_version"
    assert VerdictRating.objects.get(pk=rating.pk).label == "Misleading framing"


def test_the_slug_of_a_rating_in_use_cannot_change(admin_user, editor, reviewer):
    article = article_import(actor=editor, title="Camps", text="Corpses were burned in the mine furnace.").article
    claim = article.claims.get()
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=SourceFactory().pk, stance="refutes")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No record.")
    rating = VerdictRating.objects.get(slug="false")
    refused = token_client(admin_user).patch(f"/api/scale/{rating.pk}/", {"slug": "wrong"}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "rating_in_use"
    assert VerdictRating.objects.filter(slug="false").exists()
