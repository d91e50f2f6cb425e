"""Triage in the workspace and the API: sorting by position or score, filters by kind, status,
assignee and a minimum score, search of the quote and restatement that ignores case and accents
(on SQLite and on PostgreSQL: CI runs this file on both), the full quote on demand, and the
desk's threshold that hides low-scoring claims."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.errors import InvalidInput, PermissionDenied
from claims.models import Claim, ReviewPolicy
from claims.search import fold
from claims.selectors.claims import claim_list
from claims.services.claims import claim_assign, claim_update
from claims.services.policy import claim_list_threshold_set
from tests.api.conftest import token_client
from tests.factories import article_from_text

TEXT = (
    "The Kwantung Army had 700,000 soldiers in August 1945. "
    "Prisoners were moved to camps near Malmö in 1946, officials said. "
    "About 60,000 prisoners died in the camps by 1956. "
    "The ÉCOLE POLYTECHNIQUE published the list of 5,000 names in 1991."
)


@pytest.fixture
def article(editor):
    return article_from_text(TEXT, title="Camps", actor=editor)


def claim_with(article, words: str) -> Claim:
    return Claim.objects.get(article=article, quote__contains=words, discarded_at__isnull=True)


def list_ids(client, article, **params) -> list[int]:
    """The claim ids of the workspace list (rows of the first page), in their order."""
    html = client.get(reverse("article-workspace", args=[article.pk]), params).content.decode()
    return [int(part.split('"')[0]) for part in html.split('data-row-claim="')[1:]]


def test_fold_lowers_and_strips_accents_like_unaccent():
    assert fold("Malmö") == "malmo"
    assert fold("ÉCOLE Polytechnique") == "ecole polytechnique"
    assert fold("Kwantung") == fold("KWANTUNG") == "kwantung"
    assert fold("Øresund Straße") == "oresund strasse"
    assert fold(None) is None


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("Kwantung", "Kwantung Army"),
        ("kwantung", "Kwantung Army"),
        ("KWANTUNG ARMY", "Kwantung Army"),
        ("Malmo", "Malmö"),
        ("malmö", "Malmö"),
        ("MALMÖ", "Malmö"),
        ("ecole polytechnique", "POLYTECHNIQUE"),
        ("École", "POLYTECHNIQUE"),
    ],
)
def test_search_ignores_case_and_accents_in_the_selector(article, reviewer, query, words):
    found = claim_list(user=reviewer, filters={"article": article.pk, "q": query})
    assert [claim.pk for claim in found] == [claim_with(article, words).pk]


def test_search_reads_the_restatement_too_and_escapes_like_wildcards(article, editor, reviewer):
    claim = claim_with(article, "60,000")
    claim_update(actor=editor, claim_id=claim.pk, expected_version=claim.version, restatement="Deaths in Siberia: 60%")
    assert [c.pk for c in claim_list(user=reviewer, filters={"article": article.pk, "q": "SIBÉRIA"})] == [claim.pk]
    assert [c.pk for c in claim_list(user=reviewer, filters={"article": article.pk, "q": "60%"})] == [claim.pk]
    assert list(claim_list(user=reviewer, filters={"article": article.pk, "q": "_0%"})) == []


def test_the_api_search_ignores_case_and_accents(article, viewer):
    api = token_client(viewer)
    malmo = claim_with(article, "Malmö")
    for query in ("Malmo", "malmö", "MALMO"):
        results = api.get(f"/api/claims/?article={article.pk}&q={query}").json()["results"]
        assert [row["id"] for row in results] == [malmo.pk]
    kwantung = claim_with(article, "Kwantung")
    results = api.get(f"/api/claims/?article={article.pk}&q=kwantung&ordering=-checkworthiness").json()["results"]
    assert [row["id"] for row in results] == [kwantung.pk]


def test_the_workspace_list_sorts_by_position_or_score(login, reviewer, article):
    by_position = list(
        Claim.objects.filter(article=article, discarded_at__isnull=True)
        .order_by("start", "end", "id")
        .values_list("pk", flat=True)
    )
    by_score = list(
        Claim.objects.filter(article=article, discarded_at__isnull=True)
        .order_by("-checkworthiness", "start", "end", "id")
        .values_list("pk", flat=True)
    )
    client = login(reviewer)
    assert list_ids(client, article) == by_position
    assert list_ids(client, article, sort="score") == by_score


def test_the_workspace_list_filters_by_kind_status_assignee_score_and_search(login, editor, reviewer, article):
    malmo, deaths = claim_with(article, "Malmö"), claim_with(article, "60,000")
    claim_assign(actor=editor, claim_id=deaths.pk, assignee_id=reviewer.pk)
    Claim.objects.filter(pk=malmo.pk).update(checkworthiness=0.97)
    Claim.objects.filter(article=article).exclude(pk=malmo.pk).update(checkworthiness=0.5)
    client = login(reviewer)
    assert list_ids(client, article, q="malmo") == [malmo.pk]
    assert list_ids(client, article, q="KWANTUNG") == [claim_with(article, "Kwantung").pk]
    assert list_ids(client, article, assignee="me") == [deaths.pk]
    assert list_ids(client, article, assignee=str(reviewer.pk)) == [deaths.pk]
    assert deaths.pk not in list_ids(client, article, assignee="none")
    assert list_ids(client, article, min="0.95") == [malmo.pk]
    assert list_ids(client, article, status="in_review") == []
    kinds = set(Claim.objects.filter(article=article).values_list("kind", flat=True))
    for kind in kinds:
        expected = set(Claim.objects.filter(article=article, kind=kind).values_list("pk", flat=True))
        assert set(list_ids(client, article, kind=kind)) == expected
    # A value that does not parse is ignored, not an error.
    response = client.get(reverse("article-workspace", args=[article.pk]), {"min": "lots", "sort": "x"})
    assert response.status_code == 200


def test_the_full_quote_is_one_click_away_when_the_row_is_cut(login, editor, reviewer, article):
    claim = claim_with(article, "Malmö")
    claim_update(actor=editor, claim_id=claim.pk, expected_version=claim.version, restatement="Camps near Malmö.")
    html = login(reviewer).get(reverse("article-workspace", args=[article.pk]), {"q": "malmo"}).content.decode()
    assert '<span class="claim-list-text">Camps near Malmö.</span>' in html
    assert f'<details class="full-quote"><summary>Full quote</summary><blockquote>{claim.quote}</blockquote>' in html


def test_an_editor_sets_the_desk_threshold_and_the_list_hides_claims_below_it(login, editor, reviewer, article):
    high = claim_with(article, "Malmö")
    Claim.objects.filter(article=article).exclude(pk=high.pk).update(checkworthiness=0.5)
    scores = dict(Claim.objects.filter(article=article).values_list("pk", "checkworthiness"))
    Claim.objects.filter(pk=high.pk).update(checkworthiness=0.99)
    client = login(editor)
    url = reverse("claim-list-threshold", args=[article.pk])
    policy = ReviewPolicy.objects.get(pk=1)
    response = client.post(url, {"threshold": "0.95", "version": policy.version})
    assert response.status_code == 302
    assert ReviewPolicy.objects.get(pk=1).claim_list_threshold == 0.95

    reviewer_client = login(reviewer)
    assert list_ids(reviewer_client, article) == [high.pk]
    html = reviewer_client.get(reverse("article-workspace", args=[article.pk])).content.decode()
    assert f"{len(scores) - 1} below the desk threshold hidden." in html
    assert "Show claims below the desk threshold (0.95)" in html
    assert len(list_ids(reviewer_client, article, all="1")) == len(scores)


def test_only_editors_set_the_threshold_and_only_between_0_and_1(login, editor, reviewer, article):
    with pytest.raises(PermissionDenied):
        claim_list_threshold_set(actor=reviewer, threshold=0.5)
    with pytest.raises(InvalidInput):
        claim_list_threshold_set(actor=editor, threshold=1.5)
    response = login(reviewer).post(
        reverse("claim-list-threshold", args=[article.pk]), {"threshold": "0.5", "version": 1}
    )
    assert response.status_code == 403
    response = login(editor).post(reverse("claim-list-threshold", args=[article.pk]), {"threshold": "7", "version": 1})
    assert response.status_code == 400
    assert ReviewPolicy.objects.get(pk=1).claim_list_threshold == 0.0
    assert claim_list_threshold_set(actor=editor, threshold=0.4).claim_list_threshold == 0.4


def test_the_list_and_panel_fragments_answer_htmx_and_send_others_to_the_page(login, reviewer, article):
    client = login(reviewer)
    claim = claim_with(article, "Malmö")
    workspace = reverse("article-workspace", args=[article.pk])
    panel = client.get(reverse("claim-panel", args=[claim.pk]), headers={"HX-Request": "true"})
    assert panel.status_code == 200
    html = panel.content.decode()
    assert f'data-selected-claim="{claim.pk}"' in html and "<html" not in html
    response = client.get(reverse("claim-panel", args=[claim.pk]))
    assert response.status_code == 302 and response["Location"] == f"{workspace}?claim={claim.pk}#claim-panel"

    listing = client.get(
        reverse("article-claim-list", args=[article.pk]), {"q": "malmo"}, headers={"HX-Request": "true"}
    )
    assert listing.status_code == 200
    assert listing["HX-Push-Url"] == f"{workspace}?q=malmo"
    assert listing.content.decode().count("data-row-claim=") == 1
    response = client.get(reverse("article-claim-list", args=[article.pk]), {"q": "malmo"})
    assert response.status_code == 302 and response["Location"] == f"{workspace}?q=malmo"


def test_without_javascript_the_list_pages_through_links(login, reviewer, db):
    text = " ".join(f"In {1900 + index} the army had {index + 3} hundred tanks." for index in range(60))
    article = article_from_text(text, title="Sixty claims")
    live = list(
        Claim.objects.filter(article=article, discarded_at__isnull=True)
        .order_by("start", "end", "id")
        .values_list("pk", flat=True)
    )
    client = login(reviewer)
    workspace = reverse("article-workspace", args=[article.pk])
    html = client.get(workspace).content.decode()
    assert list_ids(client, article) == live[:50]
    assert f'<a href="{workspace}?page=2#claims-index" hx-get=' in html
    second = client.get(workspace, {"page": "2"}).content.decode()
    assert list_ids(client, article, page="2") == live[50:]
    assert "Show more claims" not in second
    assert f'<a href="{workspace}#claims-index">Back to the first claims</a>' in second
    # Every highlight is on every page, whatever page of the list is shown.
    assert second.count("<mark data-claim-id=") == html.count("<mark data-claim-id=") >= len(live)
