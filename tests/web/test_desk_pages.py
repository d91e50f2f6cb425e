"""What the desk's pages promise beyond the workspace basics: every report format on the
dashboard and a feed of everything approved, both citation styles on a source page, the
configured upload limit, the 75-character warning, and double review as each person sees it
(the proposers, the editor who decides, an editor who proposed and must step aside)."""

from __future__ import annotations

import re

from django.urls import reverse

from claims.models import Claim
from claims.services.claims import claim_update
from claims.services.reviews import article_set_double_review, claim_transition, evidence_add
from tests.factories import SourceFactory, article_from_text


def approve(claim: Claim, *, reviewer, editor, source) -> None:
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="refutes", locator="p. 9")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="Records differ.")
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")


def double_review_round(editor, first, second) -> Claim:
    """A double-review article whose first claim has both independent proposals in."""
    article = article_from_text("In 1946 the army moved 200,000 prisoners to Karaganda. It rained 40 days.")
    article_set_double_review(actor=editor, article_id=article.pk, enabled=True)
    claim = article.claims.order_by("start").first()
    claim_transition(actor=first, claim_id=claim.pk, action="start")
    evidence_add(actor=first, claim_id=claim.pk, source_id=SourceFactory().pk, stance="supports")
    claim_transition(actor=first, claim_id=claim.pk, action="submit", rating="true", rationale="Lists agree.")
    claim_transition(actor=second, claim_id=claim.pk, action="submit", rating="true", rationale="Rounded figure.")
    return Claim.objects.get(pk=claim.pk)


def panel(client, claim: Claim) -> str:
    return client.get(reverse("article-workspace", args=[claim.article_id]), {"claim": claim.pk}).content.decode()


def test_the_dashboard_offers_every_report_format_for_each_article(login, viewer, db):
    first = article_from_text("The river flooded 300 homes in 2021.", title="Flood")
    second = article_from_text("The mill closed in 1990 with 400 jobs lost.", title="Mill")
    html = login(viewer).get(reverse("dashboard")).content.decode()
    for article in (first, second):
        formats = re.findall(rf'href="/articles/{article.pk}/report/\?format=(\w+)"', html)
        assert formats == ["claimreview", "csv", "md", "html", "pdf", "annotations", "json"]
    assert 'href="/reports/?all=1&amp;format=claimreview"' in html
    assert 'href="/reports/?all=1&amp;format=csv"' in html


def test_every_article_with_an_approved_claim_exports_as_one_claimreview_feed(
    login, reviewer, editor, viewer, db, jobs
):
    source = SourceFactory()
    flood = article_from_text("The river flooded 300 homes in 2021.", title="Flood")
    mill = article_from_text("The mill closed in 1990 with 400 jobs lost.", title="Mill")
    article_from_text("The bridge opened in 1932 after 6 years of work.", title="Bridge (nothing approved)")
    for article in (flood, mill):
        approve(article.claims.order_by("start").first(), reviewer=reviewer, editor=editor, source=source)
    client = login(viewer)
    with jobs.sent():
        response = client.get(reverse("articles-report"), {"all": "1", "format": "claimreview"})
    assert response.status_code == 302  # a background job: its page shows progress and the download
    jobs.work()
    page = client.get(response["Location"])
    assert "Download the result" in page.content.decode()
    job_id = int(response["Location"].strip("/").split("/")[-1])
    response = client.get(f"/api/jobs/{job_id}/result/")
    reviewed = sorted(item["claimReviewed"] for item in response.json()["@graph"])
    assert reviewed == ["The mill closed in 1990 with 400 jobs lost.", "The river flooded 300 homes in 2021."]


def test_an_empty_selection_is_sent_back_to_the_dashboard_with_a_message(login, viewer, db):
    response = login(viewer).get(reverse("articles-report"), {"format": "csv"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "Tick at least one article to export." in response.content.decode()


def test_a_source_page_shows_the_record_in_apa_and_chicago(login, viewer, db):
    source = SourceFactory(
        title="Siberian Internment and the Transwar Era",
        authors=[{"family": "Barshay", "given": "Andrew E."}],
        year=2013,
        publisher="University of California Press",
        is_vetted=False,
    )
    html = login(viewer).get(reverse("source-detail", args=[source.pk])).content.decode()
    apa = re.search(r'data-style="apa">(.*?)</dd>', html, re.S).group(1)
    chicago = re.search(r'data-style="chicago">(.*?)</dd>', html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", apa).strip() == (
        "Barshay, A. E. (2013). Siberian Internment and the Transwar Era. University of California Press."
    )
    assert re.sub(r"<[^>]+>", "", chicago).strip() == (
        "Barshay, Andrew E. 2013. Siberian Internment and the Transwar Era. University of California Press."
    )
    assert '<span class="chip chip-warn">unvetted</span>' in html


def test_the_import_page_states_the_configured_size_limit(login, reviewer, settings):
    settings.FACTCHECK_MAX_UPLOAD_BYTES = 1024 * 1024
    html = login(reviewer).get(reverse("article-new")).content.decode()
    assert "At most 1.0\xa0MB." in html  # filesizeformat keeps the number and unit together


def test_the_workspace_counts_claims_in_review_whose_restatement_search_engines_would_cut(login, reviewer, db):
    article = article_from_text("In 1945 the army had 300 tanks. By 1946 it had 120 tanks left.")
    first, second = article.claims.order_by("start")[:2]
    client = login(reviewer)
    url = reverse("article-workspace", args=[article.pk])
    assert "restatement over 75 characters" not in client.get(url).content.decode()
    claim_transition(actor=reviewer, claim_id=first.pk, action="start")
    claim_update(actor=reviewer, claim_id=first.pk, expected_version=2, restatement="x" * 76, kind="statistic")
    claim_update(actor=reviewer, claim_id=second.pk, expected_version=1, restatement="y" * 90, kind="statistic")
    html = client.get(url).content.decode()
    # Only the claim under review counts: the unreviewed one is not headed for a ClaimReview yet.
    assert "⚠ 1 restatement over 75 characters</span>" in html


def test_the_editor_sees_both_proposals_side_by_side_and_whether_they_agree(
    login, reviewer, second_reviewer, editor, db
):
    claim = double_review_round(editor, reviewer, second_reviewer)
    assert claim.status == "submitted"
    html = panel(login(editor), claim)
    assert html.count('class="verdict-current proposal"') == 2
    assert "Proposal 1 · rita_reviewer" in html and "Proposal 2 · ravi_reviewer" in html
    assert "✓ The two reviewers agree." in html
    assert html.count("Approve this one") == 2
    assert "No verdict yet." not in html
    assert "agreement <b>100%</b>" in html


def test_a_proposer_is_told_the_editor_decides_and_sees_no_verdict_form(login, reviewer, second_reviewer, editor, db):
    claim = double_review_round(editor, reviewer, second_reviewer)
    html = panel(login(reviewer), claim)
    assert "both independent proposals are in, yours included. An editor compares them" in html
    assert 'class="verdict-form' not in html
    assert "Approve this one" not in html


def test_an_editor_who_proposed_leaves_the_choice_to_another_editor(login, reviewer, editor, second_editor, db):
    claim = double_review_round(second_editor, reviewer, editor)
    mine = panel(login(editor), claim)
    assert mine.count('class="verdict-current proposal"') == 2
    assert "Approve this one" not in mine
    assert 'data-action="approve"' not in mine
    assert "Four eyes: you proposed one of these verdicts, so another editor decides." in mine
    other = panel(login(second_editor), claim)
    assert other.count("Approve this one") == 2
    assert "Four eyes" not in other


def test_an_editor_reopens_an_approved_claim_and_the_timeline_tells_the_whole_story(login, reviewer, editor, db):
    article = article_from_text("In 1945 the army had 300 tanks. By 1946 it had 120 tanks left.")
    claim = article.claims.order_by("start").first()
    approve(claim, reviewer=reviewer, editor=editor, source=SourceFactory(title="Tank registers"))
    client = login(editor)
    html = panel(client, claim)
    assert "Reopen…" in html
    response = client.post(
        reverse("claim-transition", args=[claim.pk]), {"action": "reopen", "comment": "A new archive was opened."}
    )
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', panel(client, claim), re.S).group(1)
    steps = re.findall(r'<div class="timeline-head"><b>([^<]+)</b>', timeline)
    assert steps == ["Created", "Review started", "Evidence added", "Verdict submitted", "Verdict approved", "Reopened"]
    assert "refutes · p. 9 · Tank registers" in timeline
    assert "“A new archive was opened.”" in timeline
    assert "eddie_editor" in timeline and "rita_reviewer" in timeline


def test_the_75_character_warning_shows_in_the_list_and_the_panel(login, reviewer, db):
    article = article_from_text("In 1945 the army had 300 tanks. By 1946 it had 120 tanks left.")
    claim, other = article.claims.order_by("start")[:2]
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    claim_update(actor=reviewer, claim_id=claim.pk, expected_version=2, restatement="z" * 76, kind="statistic")
    claim_update(actor=reviewer, claim_id=other.pk, expected_version=1, restatement="w" * 76, kind="statistic")
    html = panel(login(reviewer), claim)
    assert html.count("⚠ over 75") == 1  # the unreviewed one is not flagged in the list yet
    assert '<span class="warn-75" title="Restatement longer than the 75 characters search engines show">' in html
    # Shown (not merely present and hidden) under the restatement of the selected claim.
    assert (
        '<span class="warn-75">⚠ Longer than 75 characters: search engines show 75 characters of a ClaimReview.' in html
    )
    assert 'data-limit="75"' in html  # the page script counts as the reviewer types
    claim_update(actor=reviewer, claim_id=claim.pk, expected_version=3, restatement="z" * 75)
    html = panel(login(reviewer), claim)
    assert '<span class="warn-75" hidden>⚠ Longer than 75 characters' in html  # 75 fit: hidden until typed over
    assert html.count("⚠ over 75") == 0


def test_the_workspace_export_menu_offers_every_report_format(login, viewer, db):
    article = article_from_text("The river flooded 300 homes in 2021.", title="Flood")
    html = login(viewer).get(reverse("article-workspace", args=[article.pk])).content.decode()
    menu = re.search(r'<div class="menu-body">(.*?)</div>', html, re.S).group(1)
    formats = re.findall(rf'href="/articles/{article.pk}/report/\?format=(\w+)"', menu)
    assert formats == ["claimreview", "csv", "md", "html", "pdf", "annotations", "json"]
