"""Data of source research: the lookup cache, the watch state of each source (retractions, link
checks), claim flags raised by the watch, and snapshots of cited web pages.

The core Source row is not changed: what the watch learns lives in SourceWatch (one row per
watched source), so the core needs no migration and never imports this app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from claims.models import Claim, Source


class IdentifierKind(models.TextChoices):
    DOI = "doi", "DOI"
    ISBN = "isbn", "ISBN"
    PMID = "pmid", "PubMed ID"
    ARXIV = "arxiv", "arXiv ID"


class UpdateStatus(models.TextChoices):
    """What Crossref says happened to a work after publication (most serious first)."""

    NONE = "", "No notice"
    RETRACTED = "retracted", "Retracted"
    CONCERN = "expression_of_concern", "Expression of concern"
    CORRECTED = "corrected", "Corrected"


class LinkStatus(models.TextChoices):
    UNCHECKED = "", "Not checked"
    OK = "ok", "Live"
    CHANGED = "changed", "Content changed"
    FAILED = "failed", "Not reachable"


class LookupCache(models.Model):
    """A successful lookup's record, so the same identifier does not ask the service again."""

    kind = models.CharField(max_length=10, choices=IdentifierKind.choices)
    value = models.CharField(max_length=300, help_text="The normalised identifier.")
    service = models.CharField(max_length=20)
    record = models.JSONField(default=dict, help_text="Source fields (Source's names) as looked up.")
    notices = models.JSONField(default=list, blank=True, help_text="Crossref's notices on the work (DOIs).")
    fetched_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="research_lookup_unique")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class SourceWatch(models.Model):
    """What the periodic checks know about one source: its Crossref update status and its live link."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="watch")
    update_status = models.CharField(max_length=24, choices=UpdateStatus.choices, blank=True, default="")
    update_notices = models.JSONField(
        default=list, blank=True, help_text='[{"type", "label", "doi", "date", "source"}] from Crossref.'
    )
    update_checked_at = models.DateTimeField(null=True, blank=True)
    update_found_at = models.DateTimeField(null=True, blank=True)
    link_status = models.CharField(max_length=10, choices=LinkStatus.choices, blank=True, default="")
    link_detail = models.CharField(max_length=500, blank=True)
    link_checked_at = models.DateTimeField(null=True, blank=True)
    link_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["update_status"]), models.Index(fields=["link_status"])]

    def __str__(self) -> str:
        return f"watch of source {self.source_id}"


class ClaimSourceFlag(models.Model):
    """A claim cites a source that the watch found retracted, under concern or corrected."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="source_flags")
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="claim_flags")
    status = models.CharField(max_length=24, choices=UpdateStatus.choices)
    reopened = models.BooleanField(default=False, help_text="The approved verdict was reopened for review.")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source", "status"],
                condition=Q(resolved_at__isnull=True),
                name="research_flag_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"claim {self.claim_id}: source {self.source_id} {self.status}"


class SourceSnapshot(models.Model):
    """A cited web page as it was: the bytes fetched, their text, when, a content hash and,
    where Save Page Now answered, the Internet Archive's copy."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="snapshots")
    url = models.URLField(max_length=2000, help_text="The URL asked for.")
    final_url = models.URLField(max_length=2000, blank=True, help_text="After redirects.")
    fetched_at = models.DateTimeField()
    http_status = models.PositiveSmallIntegerField(default=200)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(editable=False)
    text = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64, help_text="Of the bytes fetched.")
    text_sha256 = models.CharField(max_length=64, blank=True, help_text="Of the extracted text (change detection).")
    archive_url = models.URLField(max_length=2000, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["source", "-fetched_at", "-id"]
        indexes = [models.Index(fields=["source", "-fetched_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="research_snapshot_sha256_hex")
        ]

    def __str__(self) -> str:
        return f"{self.url} at {self.fetched_at:%Y-%m-%d %H:%M}"
