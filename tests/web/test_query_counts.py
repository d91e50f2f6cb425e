"""Every page answers in a fixed number of queries, whatever the number of claims or sources
(docs/STYLE.md rule 4): each page is measured on a small and a large case and pinned."""

from __future__ import annotations

from django.urls import reverse

from claims.services.reviews import claim_transition, evidence_add
from tests.factories import SourceFactory, article_from_text

# session + user + the user's groups (roles), then the page's own reads.
# article, segments, the claims' positions and statuses (the highlights), discarded claims, restatements over
# 75 characters, people for the assignee filter, the desk's threshold, then the claim list's page: its
# counts and its rows; + the article's publication (claims.publishing's publish panel).
WORKSPACE_QUERIES = 3 + 9 + 1
# the claim itself, evidence, history, assignee names, cited source titles, rating scale, last returned verdict,
# its lineage (the origins table the API reads too, rather than a second record in the history's JSON)
# + the claim's matches in other articles (claims.matching)
# + claims.research: open source flags, evidence notes (latest snapshots, watch rows), suggestions
CLAIM_PANEL_QUERIES = WORKSPACE_QUERIES + 1 + 7 + 1 + 4
# What a click swaps in (htmx): the claim's article, the article, the claim, its number and the count of
# claims, the previous claim, the next claim (nothing else of the article is read), then the panel's own
# for an unreviewed claim: evidence, history, rating scale, lineage.
# + matches, + claims.research's reads for a claim with no evidence yet (two of its four).
PANEL_FRAGMENT_QUERIES = 3 + 6 + 4 + 1 + 2
# The list as the reviewer filters or scrolls: the article exists, positions (numbers), threshold,
# counts, rows, and the ids of every match (the highlights of the others are dimmed).
LIST_FRAGMENT_QUERIES = 3 + 6
# the articles' count and one page of them, the claims of that page by article and status, its sent-back
# claims, my queue
DASHBOARD_QUERIES = 3 + 5
EDITOR_DASHBOARD_QUERIES = DASHBOARD_QUERIES + 1  # the count of verdicts waiting for their approval
QUEUE_QUERIES = 3 + 1  # my claims
EDITOR_QUEUE_QUERIES = QUEUE_QUERIES + 1  # the verdicts waiting for their approval
SOURCE_LIST_QUERIES = 3 + 3  # count, one page with cited-by counts and tiers, their watch rows (research)


def sentences(count: int) -> str:
    return " ".join(f"In {1900 + index} the army had {index + 3} hundred tanks." for index in range(count))


def test_the_workspace_takes_the_same_queries_for_3_and_60_claims(login, reviewer, django_assert_num_queries):
    client = login(reviewer)
    small = article_from_text(sentences(3), title="Small")
    large = article_from_text(sentences(60), title="Large")
    for article in (small, large):
        with django_assert_num_queries(WORKSPACE_QUERIES):
            assert client.get(reverse("article-workspace", args=[article.pk])).status_code == 200


def test_the_workspace_list_and_panel_fragments_take_the_same_queries_for_3_and_160_claims(
    login, reviewer, django_assert_num_queries
):
    client = login(reviewer)
    for count in (3, 160):
        article = article_from_text(sentences(count), title=f"Claims {count}")
        claim = article.claims.order_by("-start").first()
        workspace = reverse("article-workspace", args=[article.pk])
        with django_assert_num_queries(WORKSPACE_QUERIES):
            assert client.get(workspace, {"sort": "score", "page": "2"}).status_code == 200
        with django_assert_num_queries(PANEL_FRAGMENT_QUERIES):
            response = client.get(reverse("claim-panel", args=[claim.pk]), headers={"HX-Request": "true"})
        assert f'data-selected-claim="{claim.pk}"' in response.content.decode()
        with django_assert_num_queries(LIST_FRAGMENT_QUERIES):
            response = client.get(
                reverse("article-claim-list", args=[article.pk]),
                {"q": "army", "page": "2", "rows": "1"},
                headers={"HX-Request": "true"},
            )
        assert response.status_code == 200


def test_the_claim_panel_takes_the_same_queries_for_1_and_12_pieces_of_evidence(
    login, reviewer, django_assert_num_queries
):
    article = article_from_text(sentences(5))
    one, many = article.claims.order_by("start")[:2]
    for claim, count in ((one, 1), (many, 12)):
        claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
        for _ in range(count):
            evidence_add(actor=reviewer, claim_id=claim.pk, source_id=SourceFactory().pk, stance="refutes")
    client = login(reviewer)
    for claim in (one, many):
        url = reverse("article-workspace", args=[article.pk]) + f"?claim={claim.pk}"
        with django_assert_num_queries(CLAIM_PANEL_QUERIES):
            assert client.get(url).status_code == 200


def test_the_dashboard_takes_the_same_queries_for_1_and_8_articles(login, reviewer, editor, django_assert_num_queries):
    editor_client, reviewer_client = login(editor), login(reviewer)
    article_from_text(sentences(2), title="Article 0")
    with django_assert_num_queries(EDITOR_DASHBOARD_QUERIES):
        assert editor_client.get(reverse("dashboard")).status_code == 200
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert reviewer_client.get(reverse("dashboard")).status_code == 200
    for index in range(1, 8):
        article = article_from_text(sentences(2) + f" Edition {index}.", title=f"Article {index}")
        submit(article.claims.order_by("start").first(), reviewer)
    with django_assert_num_queries(EDITOR_DASHBOARD_QUERIES):
        html = editor_client.get(reverse("dashboard")).content.decode()
    assert "<b>7</b> verdicts waiting for your approval" in html
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert reviewer_client.get(reverse("dashboard")).status_code == 200


def test_the_dashboard_pages_the_articles_and_counts_the_claims_of_each_page(
    login, reviewer, editor, monkeypatch, django_assert_num_queries
):
    """The progress counts read only the claims of the page's articles, in the same queries on every page."""
    monkeypatch.setattr("claims.views.common.DASHBOARD_PAGE_SIZE", 2)
    oldest = article_from_text(sentences(3), title="Oldest article")
    middle = article_from_text(sentences(5) + " Middle.", title="Middle article")
    newest = article_from_text(sentences(2) + " Newest.", title="Newest article")
    submit(newest.claims.order_by("start").first(), reviewer)
    claim_transition(
        actor=editor, claim_id=newest.claims.order_by("start").first().pk, action="request_changes", comment="Cite it."
    )
    claim_transition(actor=reviewer, claim_id=middle.claims.order_by("start").first().pk, action="start")
    client = login(reviewer)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        first = client.get(reverse("dashboard")).content.decode()
    with django_assert_num_queries(DASHBOARD_QUERIES):
        second = client.get(reverse("dashboard"), {"page": "2"}).content.decode()
    rows = ("Newest article</a>", "Middle article</a>", "Oldest article</a>")  # the title links of the rows
    assert [row in first for row in rows] == [True, True, False]
    assert [row in second for row in rows] == [False, False, True]
    assert "page 1 of 2" in first and "Older ›" in first and "‹ Newer" in second
    assert '<span class="sent-back-badge">1 sent back</span>' in first
    middle_live = middle.claims.filter(discarded_at__isnull=True).count()
    assert f'aria-label="Unreviewed {middle_live - 1}, In review 1, Submitted 0, Approved 0"' in first
    assert f"<b>{oldest.claims.count()}</b>" in second


def submit(claim, reviewer) -> None:
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=SourceFactory().pk, stance="refutes")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No.")


def test_an_editors_queue_takes_the_same_queries_for_1_and_15_verdicts_waiting(
    login, reviewer, editor, django_assert_num_queries
):
    article = article_from_text(sentences(15))
    claims = list(article.claims.order_by("start"))
    client = login(editor)
    submit(claims[0], reviewer)
    with django_assert_num_queries(EDITOR_QUEUE_QUERIES):
        assert client.get(reverse("queue")).content.decode().count("<tr data-claim-id=") == 1
    for claim in claims[1:]:
        submit(claim, reviewer)
    with django_assert_num_queries(EDITOR_QUEUE_QUERIES):
        assert client.get(reverse("queue")).content.decode().count("<tr data-claim-id=") == 15


def test_the_library_takes_the_same_queries_for_1_and_30_sources(login, viewer, django_assert_num_queries):
    client = login(viewer)
    SourceFactory()
    with django_assert_num_queries(SOURCE_LIST_QUERIES):
        assert client.get(reverse("source-list")).status_code == 200
    SourceFactory.create_batch(29)
    with django_assert_num_queries(SOURCE_LIST_QUERIES):
        assert client.get(reverse("source-list")).status_code == 200


def test_my_queue_takes_the_same_queries_for_1_and_20_claims(login, reviewer, django_assert_num_queries):
    article = article_from_text(sentences(20))
    claims = list(article.claims.order_by("start"))
    client = login(reviewer)
    claim_transition(actor=reviewer, claim_id=claims[0].pk, action="start")
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get(reverse("queue")).status_code == 200
    for claim in claims[1:]:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    with django_assert_num_queries(QUEUE_QUERIES):
        assert client.get(reverse("queue")).status_code == 200


def test_a_source_page_takes_the_same_queries_for_1_and_6_citing_claims(login, reviewer, django_assert_num_queries):
    article = article_from_text(sentences(6))
    claims = list(article.claims.order_by("start"))
    source = SourceFactory()
    client = login(reviewer)
    url = reverse("source-detail", args=[source.pk])
    claim_transition(actor=reviewer, claim_id=claims[0].pk, action="start")
    evidence_add(actor=reviewer, claim_id=claims[0].pk, source_id=source.pk, stance="refutes")
    # the source with its cited-by count, citing evidence, history; research: snapshots, latest snapshot, watch
    with django_assert_num_queries(3 + 3 + 3):
        assert client.get(url).status_code == 200
    for claim in claims[1:]:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="supports")
    with django_assert_num_queries(3 + 3 + 3):
        assert client.get(url).status_code == 200


def test_the_double_review_panel_takes_the_same_queries_for_2_and_40_claims(
    login, reviewer, second_reviewer, editor, django_assert_num_queries
):
    # The claim panel, plus: agreement figures (3), the buttons' four-eyes check (1), the open
    # round for the side-by-side view (2), the people an editor may assign (1); minus the last
    # returned verdict, which a submitted claim does not look for.
    from claims.services.reviews import article_set_double_review

    client = login(editor)
    for count in (2, 40):
        article = article_from_text(sentences(count), title=f"Double {count}")
        article_set_double_review(actor=editor, article_id=article.pk, enabled=True)
        claim = article.claims.order_by("start").first()
        claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=SourceFactory().pk, stance="refutes")
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No.")
        claim_transition(actor=second_reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No!")
        url = reverse("article-workspace", args=[article.pk]) + f"?claim={claim.pk}"
        # no evidence form in a submitted double review, so no research suggestions query
        with django_assert_num_queries(CLAIM_PANEL_QUERIES + 3 + 1 + 2 + 1 - 1 - 1):
            html = client.get(url).content.decode()
        assert html.count("Approve this one") == 2
