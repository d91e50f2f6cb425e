"""Two records of one work are merged: what the research app knows of the duplicate (its archived
copies, its retraction flags, its watch) follows it to the kept record instead of being deleted."""

from __future__ import annotations

import hashlib

import pytest
from django.utils import timezone

from claims.models import Claim
from claims.research.models import ClaimSourceFlag, SourceSnapshot, SourceWatch, UpdateStatus
from claims.services.sources import source_merge
from tests.factories import article_from_text
from tests.services.helpers import make_source

pytestmark = pytest.mark.django_db


def archived_copy(source, url="https://example.org/records") -> SourceSnapshot:
    content = b"<p>472,942 repatriated internees</p>"
    return SourceSnapshot.objects.create(
        source=source,
        url=url,
        fetched_at=timezone.now(),
        content=content,
        text="472,942 repatriated internees",
        sha256=hashlib.sha256(content).hexdigest(),
        archive_url="https://web.archive.org/web/20261206120000/https://example.org/records",
    )


def test_the_duplicates_archived_copies_flags_and_watch_follow_it_to_the_kept_record(editor):
    kept, duplicate = make_source(title="The Gods Left First"), make_source(title="Gods Left First (dup)")
    article = article_from_text(
        "Roughly 55,000 of them died in captivity. Some 472,942 internees were repatriated by 1950.",
        title="Siberia",
    )
    first, second = Claim.objects.filter(article=article).order_by("number")
    copy = archived_copy(duplicate)
    # An open retraction flag on both records for the first claim (kept once), one on the duplicate only.
    ClaimSourceFlag.objects.create(claim=first, source=kept, status=UpdateStatus.RETRACTED)
    ClaimSourceFlag.objects.create(claim=first, source=duplicate, status=UpdateStatus.RETRACTED)
    only_duplicate = ClaimSourceFlag.objects.create(claim=second, source=duplicate, status=UpdateStatus.RETRACTED)
    SourceWatch.objects.create(source=duplicate, update_status=UpdateStatus.RETRACTED)

    source_merge(actor=editor, survivor_id=kept.pk, duplicate_id=duplicate.pk)

    copy.refresh_from_db()
    assert copy.source_id == kept.pk
    assert sorted(ClaimSourceFlag.objects.filter(source=kept).values_list("claim_id", "status")) == [
        (first.pk, UpdateStatus.RETRACTED),
        (second.pk, UpdateStatus.RETRACTED),
    ]
    assert ClaimSourceFlag.objects.filter(pk=only_duplicate.pk, source=kept).exists()
    assert SourceWatch.objects.get(source=kept).update_status == UpdateStatus.RETRACTED


def test_the_kept_records_own_watch_stays(editor):
    kept, duplicate = make_source(title="The Gods Left First"), make_source(title="Gods Left First (dup)")
    SourceWatch.objects.create(source=kept, update_status=UpdateStatus.NONE)
    SourceWatch.objects.create(source=duplicate, update_status=UpdateStatus.RETRACTED)

    source_merge(actor=editor, survivor_id=kept.pk, duplicate_id=duplicate.pk)

    assert list(SourceWatch.objects.values_list("source_id", "update_status")) == [(kept.pk, UpdateStatus.NONE)]
