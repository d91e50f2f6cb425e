"""A long article imported through the service is split on two cores (claims/segmentation/parallel.py)
while the importing process holds its database connection: the children never touch it, the stored
claims are those of a split in one process, and the connection works on afterwards (PostgreSQL's
run of .ci/run checks it against a real server)."""

from __future__ import annotations

from claims.models import Claim, Segment
from claims.segmentation import parallel, split_text
from tests.factories import article_from_text
from tests.segmentation.test_parallel_split import children_started, newsroom_archive


def test_a_long_article_imported_on_two_cores_stores_the_claims_of_one_process(db, monkeypatch, editor):
    started = children_started(monkeypatch)
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    article = article_from_text(newsroom_archive(), title="A week of news", actor=editor)
    assert len(started) == 1  # the second run was analysed by a forked child

    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    expected = split_text(article.body)
    stored = list(Claim.objects.filter(article=article).order_by("number").values_list("start", "end", "kind"))
    assert stored == [(claim.start, claim.end, claim.kind) for claim in expected.claims]
    assert Segment.objects.filter(article=article).count() == len(expected.segments)
    # the importing process's connection survived the fork: it reads and writes on
    Claim.objects.filter(article=article, number=1).update(restatement="Checked after the fork.")
    assert Claim.objects.get(article=article, number=1).restatement == "Checked after the fork."
