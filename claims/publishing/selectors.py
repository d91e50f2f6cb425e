"""Reads of publishing: the public report (what a reader may see), page URLs, lists, corrections.

`public_report()` is the one read behind the public page, the public report of every export
format (`?audience=public`) and the ClaimReview blocks of the page. It starts from the core's
report_data (nine queries) and keeps only what is published, in four more queries whatever
the size (publications, published versions, public corrections, vetted sources):

- claims: only those with a published version, showing that version's verdict, restatement
  and evidence (not the desk's later work: a verdict approved after publication shows only
  once it is published);
- evidence: only pieces citing a vetted source, as they were at publication;
- no events, no return comments, no assignees, no logins: the reviewer and approver are
  named by the FACTCHECK_PUBLIC_ATTRIBUTION setting (the reviewer's display name, or the
  organisation);
- corrections: the published CorrectionNotes, and the earlier published verdicts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from claims.choices import ClaimStatus
from claims.errors import NotFound
from claims.models import Article, Claim, Source
from claims.publishing.models import Correction, Publication, PublishedClaim
from claims.publishing.services import article_slug
from claims.selectors.reports import (
    SOURCE_FIELDS,
    ArticleReport,
    ClaimRow,
    CorrectionNote,
    EvidenceRow,
    Report,
    SourceRow,
    UserRow,
    VerdictRow,
    report_data,
)

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    class _PublishedClaimsCount(TypedDict):
        published_claims_count: int

    # A live publication as the list and the feed read it: with its count of published claims.
    LivePublication = WithAnnotations[Publication, _PublishedClaimsCount]

PAGE_SIZE = 20
FEED_SIZE = 20


class Gone(NotFound):
    """The fact-check was published and then withdrawn."""

    status_code = 410
    code = "gone"


def public_base_url() -> str:
    return str(settings.FACTCHECK_PUBLIC_BASE_URL).rstrip("/")


def page_path(slug: str) -> str:
    return reverse("publishing:fact-check", kwargs={"slug": slug})


def page_url(slug: str) -> str:
    """The public page's absolute URL under FACTCHECK_PUBLIC_BASE_URL (ClaimReview `url`)."""
    return f"{public_base_url()}{page_path(slug)}"


def public_urls(article_ids: list[int]) -> dict[int, str]:
    """Each article's public page: its publication's slug, or the one its first publication will get."""
    rows = Article.objects.filter(pk__in=article_ids).values_list("pk", "title", "publication__slug")
    return {pk: page_url(slug or article_slug(article_id=pk, title=title)) for pk, title, slug in rows}


def _organization_name() -> str:
    return str(settings.FACTCHECK_ORGANIZATION.get("name", "")) or "the fact-checking desk"


def attributed(user: UserRow | None) -> UserRow:
    """Who the public sees: the reviewer's display name, or the organisation; never a login."""
    if settings.FACTCHECK_PUBLIC_ATTRIBUTION == "reviewer" and user is not None:
        full = f"{user.first_name} {user.last_name}".strip()
        if full:
            return UserRow(username=full)
    return UserRow(username=_organization_name())


def _public_verdict(verdict: VerdictRow) -> VerdictRow:
    return dataclasses.replace(
        verdict,
        submitted_by=attributed(verdict.submitted_by),
        approved_by=attributed(verdict.approved_by),
        returned_by=None,
        returned_at=None,
        return_comment="",
    )


def _source_row(source: Source) -> SourceRow:
    return SourceRow(
        id=source.pk,
        fields={name: getattr(source, name) for name in SOURCE_FIELDS},
        reliability_tier=source.reliability_tier.slug if source.reliability_tier else None,
        created_by=None,
        created_at=source.created_at,
        updated_at=source.updated_at,
        version=source.version,
    )


def _public_claim(
    claim: ClaimRow,
    versions: list[PublishedClaim],
    notes: list[Correction],
    sources: dict[int, SourceRow],
) -> ClaimRow | None:
    current = versions[-1]
    verdicts = {verdict.id: verdict for verdict in claim.verdicts}
    verdict = verdicts.get(current.verdict_id)
    if verdict is None:
        return None
    evidence = tuple(
        EvidenceRow(
            id=int(item["id"]),
            source_id=int(item["source_id"]),
            stance=str(item["stance"]),
            locator=str(item.get("locator", "")),
            quote=str(item.get("quote", "")),
            note=str(item.get("note", "")),
            added_by=None,
            created_at=current.published_at,
            updated_at=current.published_at,
            version=1,
        )
        for item in current.evidence
        if int(item["source_id"]) in sources
    )
    shown = _public_verdict(verdict)
    earlier = tuple(_public_verdict(verdicts[v.verdict_id]) for v in versions[:-1] if v.verdict_id in verdicts)
    return dataclasses.replace(
        claim,
        restatement=current.restatement,
        status="approved",
        assignee=None,
        current_verdict=shown,
        verdicts=(*earlier, shown),
        evidence=evidence,
        events=(),
        created_by=None,
        discarded_by=None,
        published_at=versions[0].published_at,
        modified_at=current.published_at if len(versions) > 1 else None,
        correction_notes=tuple(
            CorrectionNote(text=note.text, published_at=note.published_at)  # type: ignore[arg-type]
            for note in notes
        ),
    )


def _check_published(article_ids: list[int], publications: dict[int, Publication]) -> None:
    for article_id in article_ids:
        publication = publications.get(article_id)
        if publication is None:
            raise NotFound(f"Article {article_id} is not published.")
        if not publication.is_live:
            raise Gone(f"The fact-check of article {article_id} was withdrawn.")


def public_check(article_ids: list[int]) -> None:
    """public_report's refusal alone (one query): NotFound for an article never published, Gone for a
    withdrawn one. The API and the browser ask it before queueing a public report as a job."""
    publications = {
        publication.article_id: publication for publication in Publication.objects.filter(article_id__in=article_ids)
    }
    _check_published(article_ids, publications)


def public_report(*, article_ids: list[int] | None, generated_at: dt.datetime | None = None) -> Report:
    """The public report of published articles (all live ones, newest first, when article_ids is None).

    NotFound (404) names an article that was never published; Gone (410) one that was withdrawn.
    """
    publications_query = Publication.objects.all()
    if article_ids is not None:
        publications_query = publications_query.filter(article_id__in=article_ids)
    publications = {publication.article_id: publication for publication in publications_query}
    if article_ids is not None:
        _check_published(article_ids, publications)
        ids = list(dict.fromkeys(article_ids))
    else:
        live = sorted(
            (p for p in publications.values() if p.is_live), key=lambda p: (p.published_at, p.pk), reverse=True
        )
        ids = [publication.article_id for publication in live]
    if not ids:
        return Report(articles=(), ratings=(), generated_at=generated_at or dt.datetime.now(dt.UTC))
    report = report_data(article_ids=ids, generated_at=generated_at)
    publication_ids = [publications[article_id].pk for article_id in ids]
    versions: dict[int, list[PublishedClaim]] = {}
    for row in PublishedClaim.objects.filter(publication_id__in=publication_ids).order_by("published_at", "id"):
        versions.setdefault(row.claim_id, []).append(row)
    notes: dict[int, list[Correction]] = {}
    for note in Correction.objects.filter(publication_id__in=publication_ids, published_at__isnull=False).order_by(
        "published_at", "id"
    ):
        notes.setdefault(note.claim_id, []).append(note)
    source_ids = {int(item["source_id"]) for rows in versions.values() for item in rows[-1].evidence}
    sources = {
        source.pk: _source_row(source)
        for source in Source.objects.filter(pk__in=source_ids, is_vetted=True).select_related("reliability_tier")
    }
    articles = []
    for article in report.articles:
        claims = []
        for claim in article.live_claims:
            if claim.id not in versions:
                continue
            public = _public_claim(claim, versions[claim.id], notes.get(claim.id, []), sources)
            if public is not None:
                claims.append(public)
        cited: dict[int, SourceRow] = {}
        for claim in claims:
            for item in claim.evidence:
                cited.setdefault(item.source_id, sources[item.source_id])
        publication = publications[article.id]
        articles.append(
            dataclasses.replace(
                article,
                claims=tuple(claims),
                sources=tuple(cited.values()),
                imported_by=None,
                report_published_at=publication.published_at,
                report_published_by=None,
                original_upload=None,
                public_url=page_url(publication.slug),
            )
        )
    return dataclasses.replace(report, articles=tuple(articles))


@dataclass(frozen=True)
class PublicPage:
    publication: Publication
    report: Report

    @property
    def article(self) -> ArticleReport:
        return self.report.articles[0]


def public_page(*, slug: str) -> PublicPage:
    """The public fact-check page: NotFound for an unknown slug, Gone (410) for a withdrawn one."""
    publication = Publication.objects.filter(slug=slug).first()
    if publication is None:
        raise NotFound("There is no fact-check at this address.")
    if not publication.is_live:
        raise Gone("This fact-check was withdrawn by the desk.")
    report = public_report(article_ids=[publication.article_id])
    return PublicPage(publication=publication, report=report)


def live_publications() -> QuerySet[LivePublication]:
    """Published fact-checks, newest first, with the article's metadata and the number of published claims."""
    return (
        Publication.objects.filter(withdrawn_at__isnull=True)
        .select_related("article")
        .only(
            "slug",
            "first_published_at",
            "published_at",
            "article__id",
            "article__title",
            "article__url",
            "article__publisher",
            "article__author",
            "article__published",
        )
        .annotate(
            published_claims_count=Count(
                "published_claims", filter=Q(published_claims__superseded_at__isnull=True), distinct=True
            )
        )
        .order_by("-published_at", "-id")
    )


def publication_page_list(*, page: Any) -> Page:
    """One page of /fact-checks/ (two queries: the count and the rows); a bad page number gives the last page."""
    return Paginator(live_publications(), PAGE_SIZE).get_page(page)


def publication_for_article(*, article_id: int) -> Publication | None:
    """The article's publication with its pending work, in one query: `approved_pending`, the approved
    verdicts not on the page yet (they appear when an editor publishes again), and `corrections_pending`."""
    not_on_page = (
        Claim.objects.filter(
            article_id=OuterRef("article_id"),
            status=ClaimStatus.APPROVED,
            discarded_at__isnull=True,
            current_verdict__isnull=False,
        )
        .exclude(
            Exists(
                PublishedClaim.objects.filter(
                    claim_id=OuterRef("pk"), verdict_id=OuterRef("current_verdict_id"), superseded_at__isnull=True
                )
            )
        )
        .order_by()
        .values("article_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        Publication.objects.filter(article_id=article_id)
        .annotate(
            corrections_pending=Count("corrections", filter=Q(corrections__published_at__isnull=True), distinct=True),
            approved_pending=Coalesce(Subquery(not_on_page), 0),
        )
        .first()
    )


def withdrawn_publication(*, article_id: int) -> Publication | None:
    """The article's withdrawn public page, with what deleting the article takes along (one query):
    `versions_count` published verdict versions and `corrections_count` corrections."""
    return (
        Publication.objects.filter(article_id=article_id, withdrawn_at__isnull=False)
        .annotate(
            versions_count=Count("published_claims", distinct=True),
            corrections_count=Count("corrections", distinct=True),
        )
        .first()
    )


def article_corrections(*, article_id: int) -> QuerySet[Correction]:
    """The corrections log of an article, newest first (the desk's view: unpublished ones too)."""
    if not Article.objects.filter(pk=article_id).exists():
        raise NotFound(f"Article {article_id} does not exist.")
    return (
        Correction.objects.filter(publication__article_id=article_id)
        .select_related("verdict__rating", "corrects__verdict__rating", "created_by")
        .order_by("-created_at", "-id")
    )


def publication_is_current(*, article_id: int) -> bool:
    """True when the article's page is live and shows every approved verdict (three queries at most)."""
    return article_id in current_publications(article_ids=[article_id])


def current_publications(*, article_ids: list[int]) -> set[int]:
    """The articles among these whose page is live and shows every approved verdict.

    Three queries whatever the number of articles (one when none is published): the public page
    asks this for every earlier fact-check its claims point to.
    """
    live = set(
        Publication.objects.filter(article_id__in=article_ids, withdrawn_at__isnull=True).values_list(
            "article_id", flat=True
        )
    )
    if not live:
        return set()
    published = {
        (claim_id, verdict_id)
        for claim_id, verdict_id in PublishedClaim.objects.filter(
            publication__article_id__in=live, publication__withdrawn_at__isnull=True, superseded_at__isnull=True
        ).values_list("claim_id", "verdict_id")
    }
    stale = {
        article_id
        for article_id, claim_id, verdict_id in Claim.objects.filter(
            article_id__in=live, status="approved", discarded_at__isnull=True, current_verdict__isnull=False
        ).values_list("article_id", "pk", "current_verdict_id")
        if (claim_id, verdict_id) not in published
    }
    return live - stale
