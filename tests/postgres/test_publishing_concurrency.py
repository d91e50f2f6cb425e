"""Two editors publishing the same article at the same moment, on PostgreSQL with real row locks:
the article row lock serialises them, so there is one publication, one current version per claim,
and the second publish finds nothing new to publish."""

from __future__ import annotations

from functools import partial

import pytest

from claims.publishing.models import Publication, PublicationEvent, PublishedClaim
from claims.publishing.services import article_publish
from tests.postgres.test_concurrency import FURNACES, fresh_claim, kinds, race, require_postgresql  # noqa: F401
from tests.services.helpers import bring_to

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def test_two_editors_publishing_at_once_make_one_publication(reviewer, editor, second_editor):
    for attempt in range(10):
        claim = bring_to(fresh_claim(attempt, reviewer), "approved", reviewer=reviewer, editor=editor)
        outcomes = race(
            partial(article_publish, actor=editor, article_id=claim.article_id),
            partial(article_publish, actor=second_editor, article_id=claim.article_id),
        )
        assert kinds(outcomes) == ["ok", "ok"], f"attempt {attempt}: {outcomes}"
        publication = Publication.objects.get(article_id=claim.article_id)
        assert PublishedClaim.objects.filter(claim=claim).count() == 1
        assert sorted(
            PublicationEvent.objects.filter(publication=publication).values_list("claims_published", flat=True)
        ) == [0, 1]
