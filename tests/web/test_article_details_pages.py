"""In the browser: edit an article's details, delete an article after a confirmation naming what goes,
publish from the workspace, and approve a change to a published verdict with a correction note."""

from __future__ import annotations

import pytest

from claims.models import Article, ArticleEvent, Claim
from claims.publishing.models import Correction, Publication
from claims.services.reviews import claim_transition
from tests.services.helpers import bring_to, claim_for, make_article

pytestmark = pytest.mark.django_db

FURNACE = "The corpses were burned in mine furnaces."


def test_a_reviewer_edits_the_details_in_the_browser(login, reviewer, editor):
    article = make_article(actor=editor)
    client = login(reviewer)
    page = client.get(f"/articles/{article.pk}/edit/").content.decode()
    assert 'value="Prisoners in Siberia"' in page
    response = client.post(
        f"/articles/{article.pk}/edit/",
        {
            "title": "Prisoners in Siberia",
            "url": "https://news.example.com/siberia",
            "publisher": "Example News",
            "author": "",
            "published": "2025-04-18",
            "language": "en",
            "version": article.version,
        },
    )
    assert response.status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert (stored.url, stored.publisher, str(stored.published)) == (
        "https://news.example.com/siberia",
        "Example News",
        "2025-04-18",
    )
    assert ArticleEvent.objects.get().actor == reviewer
    workspace = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'href="/articles/{article.pk}/edit/"' in workspace
    assert f'href="/articles/{article.pk}/delete/"' not in workspace  # reviewers do not delete


def test_a_stale_edit_form_says_so_and_keeps_the_other_change(login, reviewer, editor):
    article = make_article(actor=editor)
    stale_version = article.version
    login(editor).post(
        f"/articles/{article.pk}/edit/",
        {"title": "Edited by the editor", "language": "en", "version": stale_version},
    )
    response = login(reviewer).post(
        f"/articles/{article.pk}/edit/", {"title": "Edited by the reviewer", "language": "en", "version": stale_version}
    )
    assert response.status_code == 412
    assert "Now stored: “Edited by the editor”" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title == "Edited by the editor"


def test_the_delete_confirmation_names_what_goes(login, reviewer, editor):
    article = make_article(actor=editor)
    bring_to(claim_for(article, reviewer, FURNACE), "approved", reviewer=reviewer, editor=editor)
    claims = Claim.objects.filter(article=article).count()
    assert login(reviewer).get(f"/articles/{article.pk}/delete/").status_code == 403
    page = login(editor).get(f"/articles/{article.pk}/delete/").content.decode()
    assert f"<li><b>{claims}</b> claims</li>" in page
    assert "<li><b>1</b> verdict</li>" in page and "<li><b>1</b> piece of evidence</li>" in page
    assert "The sources stay in the library." in page
    response = login(editor).post(
        f"/articles/{article.pk}/delete/", {"version": Article.objects.get(pk=article.pk).version}
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()


def test_an_editor_publishes_from_the_workspace_and_approves_a_correction(login, reviewer, editor, second_editor):
    article = make_article(actor=editor)
    claim = bring_to(claim_for(article, reviewer, FURNACE), "approved", reviewer=reviewer, editor=editor)
    workspace = login(editor).get(f"/articles/{article.pk}/").content.decode()
    assert f'action="/articles/{article.pk}/publish/"' in workspace
    assert "Not published" in workspace
    assert (
        f'action="/articles/{article.pk}/publish/"'
        not in login(reviewer).get(f"/articles/{article.pk}/").content.decode()
    )
    response = login(editor).post(f"/articles/{article.pk}/publish/")
    assert response.status_code == 302
    slug = Publication.objects.get().slug
    workspace = login(editor).get(f"/articles/{article.pk}/").content.decode()
    assert f'href="/fact-checks/{slug}/">Public fact-check ↗</a>' in workspace
    assert f'action="/articles/{article.pk}/publish/"' in workspace and "Publish again" in workspace

    claim_transition(actor=editor, claim_id=claim.pk, action="reopen", comment="New register found.")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="mostly-false", rationale="One case.")
    panel = login(second_editor).get(f"/articles/{article.pk}/?claim={claim.pk}").content.decode()
    assert "Public correction note (required: this claim's verdict is published)" in panel
    refused = login(second_editor).post(f"/claims/{claim.pk}/transition/", {"action": "approve"})
    assert refused.status_code == 400
    login(second_editor).post(
        f"/claims/{claim.pk}/transition/", {"action": "approve", "correction": "One cremation is recorded."}
    )
    assert Correction.objects.get().text == "One cremation is recorded."
    assert Claim.objects.get(pk=claim.pk).status == "approved"
    # The editor sees that the page still shows the old verdict until it is published again.
    workspace = login(editor).get(f"/articles/{article.pk}/").content.decode()
    assert (
        '<strong class="pending-publication">1 approved verdict not on the page yet</strong> · '
        "1 correction waiting to be published"
    ) in workspace
    login(editor).post(f"/articles/{article.pk}/publish/")
    workspace = login(editor).get(f"/articles/{article.pk}/").content.decode()
    assert "not on the page yet" not in workspace and "waiting to be published" not in workspace


def test_a_published_article_is_not_deleted_and_a_withdrawn_page_is_named_on_the_confirmation(login, reviewer, editor):
    from claims.publishing.services import article_publish, article_unpublish

    article = make_article(actor=editor)
    bring_to(claim_for(article, reviewer, FURNACE), "approved", reviewer=reviewer, editor=editor)
    publication = article_publish(actor=editor, article_id=article.pk)
    page = login(editor).get(f"/articles/{article.pk}/delete/").content.decode()
    assert "Its fact-check is published. Unpublish it in the workspace before deleting the article." in page
    assert 'data-action="delete-article"' not in page
    version = Article.objects.get(pk=article.pk).version
    refused = login(editor).post(f"/articles/{article.pk}/delete/", {"version": version})
    assert refused.status_code == 409
    assert "unpublish it before deleting the article" in refused.content.decode()
    assert Article.objects.filter(pk=article.pk).exists()

    article_unpublish(actor=editor, article_id=article.pk)
    page = login(editor).get(f"/articles/{article.pk}/delete/").content.decode()
    assert (
        f"<li>its withdrawn public fact-check <code>/fact-checks/{publication.slug}/</code> with <b>1</b> published "
        "verdict and <b>0</b> corrections: the address will answer “not found” instead of “withdrawn”</li>"
    ) in page
    login(editor).post(f"/articles/{article.pk}/delete/", {"version": Article.objects.get(pk=article.pk).version})
    assert not Article.objects.filter(pk=article.pk).exists() and not Publication.objects.exists()
    assert login(None).get(f"/fact-checks/{publication.slug}/").status_code == 404


def test_an_unpublished_article_names_no_public_page(login, reviewer, editor):
    article = make_article(actor=editor)
    page = login(editor).get(f"/articles/{article.pk}/delete/").content.decode()
    assert "public fact-check" not in page


def test_publishing_from_the_workspace_is_refused_with_the_list_of_unvetted_sources(login, reviewer, editor):
    from tests.publishing.conftest import review
    from tests.services.helpers import make_source

    article = make_article(actor=editor)
    blog = make_source(title="A blog about camps", is_vetted=False)
    review(
        claim_for(article, reviewer, FURNACE),
        reviewer=reviewer,
        editor=editor,
        source=blog,
        rating="false",
        rationale="The blog says so.",
    )
    client = login(editor)
    response = client.post(f"/articles/{article.pk}/publish/", follow=True)
    assert response.redirect_chain == [(f"/articles/{article.pk}/", 302)]
    html = response.content.decode()
    assert (
        "Approved verdicts cite sources no editor has vetted yet; vet them (or remove the evidence) before "
        f"publishing: claim 3 cites “A blog about camps” (source {blog.pk})."
    ) in html
    assert "Not published" in html and not Publication.objects.exists()
