"""The article workspace: the seed article rendered from its segments with every live claim
highlighted, exact code point offsets on every text run, escaping, the claim panel, the review
story through the browser forms, and edits that never overwrite each other."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent, Evidence, Segment
from claims.services.claims import claim_update
from claims.services.reviews import claim_transition, evidence_add
from tests.factories import SourceFactory, article_from_text
from tests.web.conftest import parse


def workspace(client, article, claim=None, **params):
    url = reverse("article-workspace", args=[article.pk])
    query = {**({"claim": claim.pk} if claim else {}), **params}
    return client.get(url, query)


def test_the_seed_workspace_highlights_every_live_claim_with_its_status(login, reviewer, seed_article):
    response = workspace(login(reviewer), seed_article)
    assert response.status_code == 200
    page = parse(response.content)
    live = dict(Claim.objects.filter(article=seed_article, discarded_at__isnull=True).values_list("pk", "status"))
    assert len(live) > 20
    rendered = {int(mark["data-claim-id"]): mark["data-status"] for mark in page.marks}
    assert rendered == {pk: "unreviewed" for pk in live}


def test_every_text_run_sits_at_its_code_point_offset_and_the_text_is_all_there(login, reviewer, seed_article):
    page = parse(workspace(login(reviewer), seed_article).content)
    body = seed_article.body
    for start, text in page.runs:
        assert body[start : start + len(text)] == text
    covered = set()
    for start, text in page.runs:
        covered.update(range(start, start + len(text)))
    missing = [index for index in range(len(body)) if index not in covered and not body[index].isspace()]
    assert missing == []


def test_non_prose_segments_are_muted_with_their_kind_reason_and_first_occurrence(login, reviewer, seed_article):
    html = workspace(login(reviewer), seed_article).content.decode()
    copy = Segment.objects.filter(article=seed_article, kind="boilerplate", boilerplate_of__isnull=False).first()
    assert copy is not None
    assert f'<span class="seg seg-boilerplate" id="seg-{copy.pk}">' in html
    assert f'<a href="#seg-{copy.boilerplate_of_id}">first occurrence</a>' in html
    assert f'id="seg-{copy.boilerplate_of_id}"' in html
    metadata = Segment.objects.get(article=seed_article, kind="metadata", start=seed_article.body.index("2025/04/18"))
    assert (
        f'<span class="seg seg-metadata" id="seg-{metadata.pk}"><span class="seg-label" data-kind="metadata">Metadata'
        in html
    )
    assert '<p class="para para-nonprose" data-start="' in html


def test_the_workspace_links_the_teaser_forward_to_the_articles_copy(login, reviewer, db):
    from tests.segmentation.test_teasers import LEAD, PAGE

    article = article_from_text(PAGE, title="Deficit budget")
    teaser = Segment.objects.get(article=article, kind="boilerplate")
    assert teaser.start == PAGE.index(LEAD) and teaser.boilerplate_of.start > teaser.start
    html = workspace(login(reviewer), article).content.decode()
    link = f'<a href="#seg-{teaser.boilerplate_of_id}">'
    assert link + "the article's copy</a>" in html


def test_overlapping_claims_each_keep_their_own_mark_and_number(login, reviewer, db):
    article = article_from_text("The army lost 83,000 men and 594,000 people were captured in August 1945.")
    Claim.objects.filter(article=article).delete()
    body = article.body
    whole = Claim.objects.create(article=article, number=1, start=0, end=len(body), quote=body, kind="statistic")
    first = body.index("83,000 men")
    inner = Claim.objects.create(article=article, number=3, start=first, end=first + 10, quote=body[first : first + 10])
    same = Claim.objects.create(article=article, number=2, start=0, end=len(body), quote=body, kind="event")
    html = workspace(login(reviewer), article).content.decode()
    page = parse(html)
    assert {int(mark["data-claim-id"]) for mark in page.marks} == {whole.pk, inner.pk, same.pk}
    # A click in the text reaches the outermost claim; the two nested ones get a numbered link.
    assert f'data-claim-ref="{whole.pk}"' not in html
    assert f'<a data-claim-ref="{inner.pk}" href=' in html
    assert 'aria-label="Claim 3">3</a>' in html  # the short claim is numbered 3 (after the two at 0)
    assert f'data-claim-ref="{same.pk}"' in html
    # The inner claim's text is wrapped by all three marks, the short claim innermost.
    run = f'<mark data-claim-id="{inner.pk}" data-status="unreviewed">83,000 men</mark></mark></mark>'
    assert html.count(run) == 1
    assert html.count(f'<mark data-claim-id="{whole.pk}" data-status="unreviewed">') == 3  # before, on, after


def test_article_text_is_escaped_everywhere(login, reviewer, db):
    article = article_from_text(
        "The <script>alert('x')</script> mayor said 40% of {{ 7*7 }} voters left in 2020.",
        title="<img src=x onerror=alert(1)>",
    )
    claim = Claim.objects.filter(article=article).first()
    html = workspace(login(reviewer), article, claim).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "{{ 7*7 }} voters" in html and "49 voters" not in html  # (a bare "49" can be in a timestamp)


def test_the_claim_panel_shows_quote_score_features_and_actions(login, reviewer, seed_article, furnace_claim):
    html = workspace(login(reviewer), seed_article, furnace_claim).content.decode()
    assert f'data-selected-claim="{furnace_claim.pk}"' in html
    assert "Check-worthiness <b>" in html
    assert 'class="why-rows"' in html  # "Why this score": the model's top contributions
    assert "Start review" in html
    assert "search engines show 75 characters" in html  # the seed's sentence restatement is long


def test_filters_dim_the_other_claims_and_shorten_the_list(login, reviewer, seed_article):
    statistic_ids = set(
        Claim.objects.filter(article=seed_article, kind="statistic", discarded_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    assert statistic_ids
    response = workspace(login(reviewer), seed_article, kind="statistic")
    html = response.content.decode()
    # The page names the matching claims; the browser script dims the other highlights.
    match_ids = html.split('data-match-ids="')[1].split('"')[0]
    assert {int(pk) for pk in match_ids.split()} == statistic_ids
    assert html.count("data-claim-link=") == len(statistic_ids)


def test_the_review_story_through_the_browser_forms(login, reviewer, editor, seed_article, furnace_claim):
    source = SourceFactory(title="Siberian Internment and the Transwar Era")
    client = login(reviewer)
    claim_id = furnace_claim.pk
    response = client.post(reverse("claim-transition", args=[claim_id]), {"action": "start"})
    assert response.status_code == 302
    assert (
        response["Location"] == reverse("article-workspace", args=[seed_article.pk]) + f"?claim={claim_id}#claim-panel"
    )
    response = client.post(
        reverse("evidence-add", args=[claim_id]),
        {"source_id": source.pk, "stance": "refutes", "locator": "p. 141", "quote": "Bodies were buried."},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(claim_id=claim_id)
    assert (evidence.source_id, evidence.stance, evidence.locator) == (source.pk, "refutes", "p. 141")
    response = client.post(
        reverse("claim-transition", args=[claim_id]),
        {"action": "submit", "rating": "false", "rationale": "Camp records show burials.", "confidence": "high"},
    )
    assert response.status_code == 302
    html = workspace(login(editor), seed_article, furnace_claim).content.decode()
    assert 'data-action="approve"' in html
    response = login(editor).post(reverse("claim-transition", args=[claim_id]), {"action": "approve"})
    assert response.status_code == 302
    page = parse(workspace(client, seed_article).content)
    assert {mark["data-status"] for mark in page.marks if mark["data-claim-id"] == str(claim_id)} == {"approved"}
    history = [event.action for event in ClaimEvent.objects.filter(claim_id=claim_id).order_by("created_at", "id")]
    assert history[-4:] == ["start", "evidence_added", "submit", "approve"]


def test_an_editor_is_told_about_four_eyes_on_their_own_verdict(login, editor, seed_article, furnace_claim):
    source = SourceFactory()
    claim_transition(actor=editor, claim_id=furnace_claim.pk, action="start")
    evidence_add(actor=editor, claim_id=furnace_claim.pk, source_id=source.pk, stance="refutes")
    claim_transition(actor=editor, claim_id=furnace_claim.pk, action="submit", rating="false", rationale="No.")
    client = login(editor)
    html = workspace(client, seed_article, furnace_claim).content.decode()
    assert "Four eyes: you proposed this verdict" in html
    assert 'data-action="approve"' not in html
    response = client.post(reverse("claim-transition", args=[furnace_claim.pk]), {"action": "approve"})
    assert response.status_code == 403
    assert "Four eyes" in response.content.decode()
    assert Claim.objects.get(pk=furnace_claim.pk).status == "submitted"


def test_a_stale_edit_shows_the_other_persons_change_and_keeps_my_text(login, reviewer, second_reviewer, seed_article):
    claim = Claim.objects.filter(article=seed_article, discarded_at__isnull=True).first()
    seen_version = claim.version
    claim_update(
        actor=second_reviewer,
        claim_id=claim.pk,
        expected_version=seen_version,
        restatement="Their wording",
        kind="event",
    )
    response = login(reviewer).post(
        reverse("claim-edit", args=[claim.pk]),
        {"restatement": "My careful wording", "kind": "statistic", "version": seen_version},
    )
    assert response.status_code == 412
    html = response.content.decode()
    assert "<b>ravi_reviewer changed this claim while you were editing (edited, " in html
    assert "<dd>Their wording</dd>" in html
    assert "<dt>Their kind</dt><dd>Event</dd>" in html
    assert ">My careful wording</textarea>" in html
    assert f'name="version" value="{seen_version + 1}"' in html
    assert Claim.objects.get(pk=claim.pk).restatement == "Their wording"


def test_a_refused_split_keeps_the_page_and_says_why(login, reviewer, seed_article, furnace_claim):
    response = login(reviewer).post(reverse("claim-split", args=[furnace_claim.pk]), {"position": 0})
    assert response.status_code == 400
    assert "Not done." in response.content.decode()
    assert Claim.objects.get(pk=furnace_claim.pk).end == furnace_claim.end


def test_a_claim_made_from_a_span_of_code_points(login, reviewer, db):
    article = article_from_text("Café 😀 naïve 👍🏽 text. The army burned 300 tanks in 1945.")
    start = article.body.index("burned 300 tanks")
    response = login(reviewer).post(
        reverse("claim-create", args=[article.pk]), {"start": start, "end": start + len("burned 300 tanks")}
    )
    assert response.status_code == 302
    claim = Claim.objects.get(article=article, start=start)
    assert claim.quote == "burned 300 tanks"
    assert response["Location"].endswith(f"?claim={claim.pk}#claim-panel")


@pytest.mark.parametrize("fmt", ["claimreview", "csv", "md", "html", "pdf", "json", "annotations"])
def test_each_report_format_downloads_from_the_workspace(login, viewer, seed_article, fmt, settings):
    settings.FACTCHECK_JOB_PDF_CLAIMS = 1000  # the seed's PDF inline here; over the threshold it is a job (below)
    response = login(viewer).get(reverse("article-report", args=[seed_article.pk]), {"format": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("inline;" if fmt in {"html", "pdf"} else "attachment;")
    if fmt == "pdf":
        assert response.content.startswith(b"%PDF-")
    if fmt == "claimreview":
        assert response.json()["@graph"] == []  # nothing approved yet


def test_a_large_pdf_opens_the_job_page_with_a_progress_bar_then_the_download(
    login, viewer, seed_article, jobs, settings
):
    settings.FACTCHECK_JOB_PDF_CLAIMS = 10
    client = login(viewer)
    with jobs.sent():
        response = client.get(reverse("article-report", args=[seed_article.pk]), {"format": "pdf"})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    page = client.get(response["Location"]).content.decode()
    if jobs.backend != "immediate":
        assert '<progress class="job-bar"' in page
        assert "Waiting for a worker" in page
        assert 'src="/static/js/job-progress.js"' in page
    jobs.work()
    page = client.get(response["Location"]).content.decode()
    job_id = int(response["Location"].strip("/").split("/")[-1])
    assert f'href="/api/jobs/{job_id}/result/"' in page
    assert "Download the result" in page
    assert client.get(f"/api/jobs/{job_id}/result/").content.startswith(b"%PDF-")


def test_an_unknown_report_format_is_a_clear_400(login, viewer, seed_article):
    response = login(viewer).get(reverse("article-report", args=[seed_article.pk]), {"format": "docx"})
    assert response.status_code == 400


def test_a_selection_of_articles_exports_as_one_feed(login, editor, seed_article, jobs):
    other = article_from_text("The river flooded 300 homes in 2021.", title="Flood")
    client = login(editor)
    with jobs.sent():
        response = client.get(reverse("articles-report"), {"article": [seed_article.pk, other.pk], "format": "csv"})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    jobs.work()
    job_id = int(response["Location"].strip("/").split("/")[-1])
    response = client.get(f"/api/jobs/{job_id}/result/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "factcheck-2-articles" in response["Content-Disposition"]


def test_a_refused_form_page_links_back_to_the_workspace_not_to_the_form_url(
    login, reviewer, seed_article, furnace_claim
):
    response = login(reviewer).post(reverse("claim-split", args=[furnace_claim.pk]), {"position": 0})
    html = response.content.decode()
    workspace_url = reverse("article-workspace", args=[seed_article.pk])
    assert 'href="?' not in html
    assert f'href="{workspace_url}" title="Close (Esc)"' in html
    first = Claim.objects.filter(article=seed_article, discarded_at__isnull=True).order_by("start", "end", "id")[0]
    assert f'href="{workspace_url}?claim={first.pk}#claim-panel"' in html
    assert f'<form method="get" action="{workspace_url}" class="filters"' in html
    assert f'data-workspace-url="{workspace_url}"' in html
