"""Archived evidence: a cited web page is kept (HTML, text, time, sha256), optionally archived by Save Page
Now; it stays viewable after the page vanishes; the link check marks failed and changed pages."""

from __future__ import annotations

import hashlib
import re

from django.core.management import call_command
from django.test import override_settings

from claims.models import Source
from claims.research.models import SourceSnapshot, SourceWatch
from claims.research.services import check_links
from claims.services.reviews import claim_transition, evidence_add
from tests.conftest import client_for
from tests.factories import SourceFactory, article_from_text
from tests.research import recorded

TEXT = "The last prisoners returned to Japan in December 1956, eleven years after the war ended."


def cite(*, reviewer, editor, source, jobs):
    """The reviewer attaches the source; the background job archiving the cited page then runs."""
    article = article_from_text(TEXT, actor=editor)
    claim = article.claims.get()
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    with jobs.sent():
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="supports")
    jobs.work()
    return claim


def web_source(server, path="/records"):
    return SourceFactory(csl_type="webpage", title="Repatriation records", url=server.url_for(path))


def test_citing_a_web_page_keeps_a_snapshot_and_asks_save_page_now(online, reviewer, editor, jobs):
    online.expect_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    online.expect_request(re.compile(r"^/save/http.*")).respond_with_data(
        "", status=302, headers={"Location": "https://web.archive.org/web/20261206120000/http://example.org/records"}
    )
    source = web_source(online)
    with override_settings(SAVE_PAGE_NOW_URL=online.url_for("/save").rstrip("/")):
        cite(reviewer=reviewer, editor=editor, source=source, jobs=jobs)

    snapshot = SourceSnapshot.objects.get(source=source)
    assert bytes(snapshot.content) == recorded.ARCHIVE_PAGE_HTML.encode()
    assert snapshot.sha256 == hashlib.sha256(recorded.ARCHIVE_PAGE_HTML.encode()).hexdigest()
    assert "472,942 repatriated internees" in snapshot.text
    assert snapshot.archive_url == "https://web.archive.org/web/20261206120000/http://example.org/records"
    assert snapshot.taken_by == reviewer
    assert Source.objects.get(pk=source.pk).archived_url == snapshot.archive_url
    save_request = online.log[1][0]
    assert save_request.path == f"/save/{source.url}"

    listed = client_for(reviewer).get(f"/api/sources/{source.pk}/snapshots/").json()
    assert listed == [
        {
            "id": snapshot.pk,
            "url": source.url,
            "fetched_at": snapshot.fetched_at.isoformat().replace("+00:00", "Z"),
            "sha256": snapshot.sha256,
            "archive_url": snapshot.archive_url,
            "final_url": source.url,
            "http_status": 200,
            "view_url": f"/research/snapshots/{snapshot.pk}/",
        }
    ]


def test_the_evidence_shows_archived_on_the_date(online, login, reviewer, editor, jobs):
    online.expect_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    source = web_source(online)
    claim = cite(reviewer=reviewer, editor=editor, source=source, jobs=jobs)
    snapshot = SourceSnapshot.objects.get(source=source)
    html = login(reviewer).get(f"/articles/{claim.article_id}/?claim={claim.pk}").content.decode()
    assert f'archived on <a href="/research/snapshots/{snapshot.pk}/"' in html
    assert f">{snapshot.fetched_at:%Y-%m-%d}</a>" in html


def test_a_vanished_page_keeps_its_snapshot_viewable(online, login, reviewer, editor, jobs):
    online.expect_oneshot_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    source = web_source(online)
    cite(reviewer=reviewer, editor=editor, source=source, jobs=jobs)
    online.expect_request("/records").respond_with_data("Not Found", status=404)

    report = check_links()

    assert report.failed == [{"source": source.pk, "url": source.url, "error": f"{source.url} answered HTTP 404."}]
    watch = SourceWatch.objects.get(source=source)
    assert watch.link_status == "failed"
    snapshot = SourceSnapshot.objects.get(source=source)
    client = login(reviewer)
    page = client.get(f"/research/snapshots/{snapshot.pk}/")
    assert page.status_code == 200
    assert page.content == recorded.ARCHIVE_PAGE_HTML.encode()
    assert page["Content-Security-Policy"].startswith("sandbox")
    text = client.get(f"/research/snapshots/{snapshot.pk}/?as=text&download=1")
    assert "472,942 repatriated internees" in text.content.decode()
    assert text["Content-Disposition"].startswith(f'attachment; filename="source-{source.pk}-')
    detail = client.get(f"/sources/{source.pk}/").content.decode()
    assert "Live link: <b>failed</b>" in detail
    assert f"/research/snapshots/{snapshot.pk}/" in detail


def test_a_changed_page_is_marked_and_both_copies_are_kept(online, reviewer, editor, jobs, capsys):
    online.expect_oneshot_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    source = web_source(online)
    cite(reviewer=reviewer, editor=editor, source=source, jobs=jobs)
    edited = recorded.ARCHIVE_PAGE_HTML.replace("472,942", "500,000")
    online.expect_request("/records").respond_with_data(edited, content_type="text/html")

    call_command("check_links")

    assert "Checked 1 link(s): 0 live, 1 changed, 0 failed." in capsys.readouterr().out
    assert SourceWatch.objects.get(source=source).link_status == "changed"
    texts = list(
        SourceSnapshot.objects.filter(source=source).order_by("fetched_at", "id").values_list("text", flat=True)
    )
    assert len(texts) == 2
    assert "472,942" in texts[0]
    assert "500,000" in texts[1]


def test_an_unchanged_page_stays_live(online, reviewer, editor, jobs):
    online.expect_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    source = web_source(online)
    cite(reviewer=reviewer, editor=editor, source=source, jobs=jobs)
    report = check_links()
    assert (report.ok, report.changed, report.failed) == ([source.pk], [], [])
    assert SourceSnapshot.objects.filter(source=source).count() == 1


def test_offline_mode_takes_no_snapshot_and_evidence_is_still_attached(reviewer, editor, jobs):
    source = SourceFactory(csl_type="webpage", title="Repatriation records", url="https://example.org/records")
    claim = cite(reviewer=reviewer, editor=editor, source=source, jobs=jobs)
    assert claim.evidence.count() == 1
    assert SourceSnapshot.objects.count() == 0


def test_snapshot_of_a_private_address_is_refused_with_the_allow_setting_off(online, reviewer):
    online.expect_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    source = web_source(online)
    with override_settings(FACTCHECK_OUTBOUND_ALLOW_PRIVATE=False):
        response = client_for(reviewer).post(f"/api/sources/{source.pk}/snapshots/", {"archive": False}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "private_address"
    assert SourceSnapshot.objects.count() == 0
    assert online.log == []


def test_the_public_archived_copy_selector_prefers_the_internet_archive(online, reviewer):
    from claims.research.selectors import archived_copies
    from claims.research.services import source_snapshot_take

    online.expect_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    ours = web_source(online)
    wayback = SourceFactory(
        title="Maizuru", url="https://example.org/m", archived_url="https://web.archive.org/web/2020/x"
    )
    snapshot = source_snapshot_take(actor=reviewer, source_id=ours.pk, archive=False)
    copies = archived_copies(source_ids=[ours.pk, wayback.pk])
    assert (copies[ours.pk].url, copies[ours.pk].kind) == (f"/research/snapshots/{snapshot.pk}/", "snapshot")
    assert (copies[wayback.pk].url, copies[wayback.pk].kind) == (
        "https://web.archive.org/web/2020/x",
        "internet_archive",
    )


def test_a_snapshot_is_private_until_its_source_is_cited_on_a_published_fact_check(online, reviewer, client):
    from claims.research.services import source_snapshot_take

    online.expect_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    snapshot = source_snapshot_take(actor=reviewer, source_id=web_source(online).pk, archive=False)
    response = client.get(f"/research/snapshots/{snapshot.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_changing_the_cited_source_to_a_web_page_archives_it(online, reviewer, editor, jobs):
    from claims.services.reviews import evidence_update

    online.expect_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    book = SourceFactory(title="A book without a URL")
    claim = cite(reviewer=reviewer, editor=editor, source=book, jobs=jobs)
    page = web_source(online)
    evidence = claim.evidence.get()
    with jobs.sent():
        evidence_update(actor=reviewer, evidence_id=evidence.pk, expected_version=evidence.version, source_id=page.pk)
    jobs.work()
    assert SourceSnapshot.objects.filter(source=page).count() == 1
    assert SourceSnapshot.objects.filter(source=book).count() == 0


def test_an_archived_page_prints_to_pdf_without_any_request(online, login, reviewer):
    from claims.research.services import source_snapshot_take

    online.expect_oneshot_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    snapshot = source_snapshot_take(actor=reviewer, source_id=web_source(online).pk, archive=False)
    response = login(reviewer).get(f"/research/snapshots/{snapshot.pk}/?as=pdf&download=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].endswith('.pdf"')
    assert len(online.log) == 1  # only the snapshot's own fetch


def test_the_public_page_links_our_archived_copy_next_to_the_live_page(online, reviewer, editor, jobs, client):
    from claims.publishing.services import article_publish

    online.expect_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    source = web_source(online)
    claim = cite(reviewer=reviewer, editor=editor, source=source, jobs=jobs)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="true", rationale="The records say so.")
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    snapshot = SourceSnapshot.objects.get(source=source)
    publication = article_publish(actor=editor, article_id=claim.article_id)

    html = client.get(f"/fact-checks/{publication.slug}/").content.decode()
    live = html.index(source.url)
    link = f'<a class="archived" href="/research/snapshots/{snapshot.pk}/">'
    archived = html.index(f"{link}archived copy of {snapshot.fetched_at:%-d %B %Y}</a>")
    assert live < archived  # in the same citation, after the live address
    opened = client.get(f"/research/snapshots/{snapshot.pk}/")
    assert opened.status_code == 200
    assert opened.content == recorded.ARCHIVE_PAGE_HTML.encode()
