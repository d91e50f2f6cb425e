"""Publication data: what the public sees, kept apart from the desk's working state.

- Publication: one per published article; its slug (fixed at first publication) names the
  public page /fact-checks/{slug}/; `withdrawn_at` is set while the page is unpublished.
- PublishedClaim: one published version of a claim's verdict (the approved verdict, the
  restatement and the evidence as they were at publication). The row with no
  `superseded_at` is the one on the public page; older rows are the history of every
  published version. A database constraint keeps at most one current row per claim.
- PublishedCitation: one source a published version cites (its evidence JSON's source ids as rows,
  written with the version), so "is this source on a live page" is one indexed query.
- Correction: the public note an editor wrote when approving a change to a published
  verdict; it becomes public (`published_at`) when the new verdict is published.
- PublicationEvent: who published or withdrew what, when (never edited).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from claims.models import Article, Claim, Verdict

USER = settings.AUTH_USER_MODEL


class Publication(models.Model):
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="publication")
    slug = models.SlugField(max_length=120, unique=True)
    first_published_at = models.DateTimeField()
    published_at = models.DateTimeField(db_index=True, help_text="The latest publication.")
    published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class PublishedClaim(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="published_claims")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="+")
    restatement = models.TextField(blank=True)
    evidence = models.JSONField(
        default=list, blank=True, help_text='[{"id", "source_id", "stance", "locator", "quote", "note"}]'
    )
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["publication", "claim", "published_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"], condition=Q(superseded_at__isnull=True), name="published_claim_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id}, verdict {self.verdict_id}"


class PublishedCitation(models.Model):
    """A source one published claim version cites, written with the version (article_publish).

    `source_id` is the id as published, like the evidence JSON it mirrors: not a foreign key, so
    nothing done to the source later rewrites what was published. One exception, a merge: both ids were
    one work, so the rows and the snapshot follow the duplicate to the survivor (services.source_merge_record).
    """

    published_claim = models.ForeignKey(PublishedClaim, on_delete=models.CASCADE, related_name="citations")
    source_id = models.BigIntegerField(db_index=True)

    class Meta:
        ordering = ["published_claim", "source_id"]
        constraints = [
            models.UniqueConstraint(fields=["published_claim", "source_id"], name="published_citation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.published_claim_id} cites source {self.source_id}"


class Correction(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="corrections")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    corrects = models.ForeignKey(
        PublishedClaim, on_delete=models.CASCADE, related_name="+", help_text="The published version it corrects."
    )
    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="+", help_text="The new verdict.")
    text = models.TextField()
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_in = models.ForeignKey(
        PublishedClaim, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="correction_text_required")]

    def __str__(self) -> str:
        return self.text[:80]


class PublicationEvent(models.Model):
    class Action(models.TextChoices):
        PUBLISHED = "published", "published"
        UNPUBLISHED = "unpublished", "unpublished"

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claims_published = models.PositiveIntegerField(default=0, help_text="New or changed verdicts published.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["publication", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.publication_id}"
