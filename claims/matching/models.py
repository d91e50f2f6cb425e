"""Data of claim matching: the search index of each claim and the matches found between claims.

- ClaimIndex holds what claims.matching.text made of a claim (stems, quantities, negation), so a
  stored claim is analysed once, not at every comparison; ClaimTerm is its inverted index (one row
  per term of a claim, with the claim's article so retrieval can skip the claim's own article).
- ClaimMatch is one pair of claims in two different articles, stored once whatever the direction:
  `claim` is the later claim (higher id), `other` the earlier one. Decisions (confirmed, rejected)
  are never overwritten by a later run: a rejected pair is not suggested again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from claims.models import Article, Claim, Verdict


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    LINKED = "linked", "Linked automatically"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class ClaimIndex(models.Model):
    claim = models.OneToOneField(Claim, primary_key=True, on_delete=models.CASCADE, related_name="match_index")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(help_text="The text that was analysed (the restatement, else the quote).")
    terms = models.JSONField(default=list, help_text="Snowball stems, then one term per quantity.")
    words = models.JSONField(default=dict, help_text="Stem -> a word of the text that gave it (for reasons).")
    quantities = models.JSONField(default=list, help_text="[kind, value, surface] per figure.")
    entities = models.JSONField(default=list, help_text="Stems of names (capitalised inside the sentence).")
    negated = models.BooleanField(default=False)
    indexed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"index of claim {self.claim_id}"


class ClaimTerm(models.Model):
    term = models.CharField(max_length=64)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    article_id_copy = models.PositiveBigIntegerField(help_text="The claim's article (no join when retrieving).")

    class Meta:
        indexes = [models.Index(fields=["term", "claim", "article_id_copy"], name="matching_term_lookup")]

    def __str__(self) -> str:
        return f"{self.term} in claim {self.claim_id}"


class TermStatistic(models.Model):
    """How many indexed claims hold a term (document frequency), kept up to date by index_claims.

    Counting postings at query time would read every posting of a common word; this row is one
    lookup. Deleting an article leaves its counts behind (a slight over-count, harmless for IDF);
    `match_claims` without --article recounts everything.
    """

    term = models.CharField(max_length=64, primary_key=True)
    documents = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.term}: {self.documents}"


class ClaimMatch(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    status = models.CharField(max_length=12, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED)
    reasons = models.JSONField(default=list, blank=True)
    numbers = models.CharField(max_length=10, default="none", help_text="agree, disagree, partial or none.")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reused_verdict = models.ForeignKey(Verdict, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reused_into = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "other"], name="matching_unique_pair"),
            models.CheckConstraint(condition=Q(claim__gt=F("other")), name="matching_later_claim_first"),
            models.CheckConstraint(condition=Q(score__gte=0.0, score__lte=1.0), name="matching_score_unit"),
        ]
        indexes = [models.Index(fields=["other", "status"]), models.Index(fields=["claim", "status"])]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.other_id} ({self.status}, {self.score:.2f})"

    def counterpart_id(self, claim_id: int) -> int:
        return self.other_id if self.claim_id == claim_id else self.claim_id
