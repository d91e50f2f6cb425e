"""`manage.py backup FILE` / `restore FILE`: a desk with users, roles, a changed verdict scale and
evidence rules, an uncited source, articles, claims, evidence, verdicts and history, a published
page, comments, notifications, matches and a queued job with its uploaded file is backed up, the
database emptied, and the restore brings back every row of every backed-up model."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection

from claims.backup.dump import backed_up_models
from claims.collab.services import article_watch, comment_add
from claims.errors import Conflict
from claims.jobs.services import enqueue_job
from claims.matching.engine import match_all_articles
from claims.models import Article, Claim, ClaimEvent, Source, Verdict, VerdictRating
from claims.publishing.models import PublishedCitation
from claims.publishing.services import article_publish, vetting_withdrawal_check
from claims.security.tokens import token_create
from claims.services.policy import review_policy_get, review_policy_update
from claims.services.scale import rating_update
from tests.services.helpers import bring_to, claim_for, make_article, make_source

FURNACES = "The corpses were burned in mine furnaces."
TWIN = "The corpses of the prisoners were burned in the mine furnaces."
# Everything a desk holds besides the core: published pages, comments, notifications, matches, jobs.
CAPABILITY_ROWS = (
    "publishing.Publication",
    "publishing.PublishedClaim",
    "publishing.PublicationEvent",
    "collab.Comment",
    "collab.Notification",
    "collab.ArticleWatch",
    "matching.ClaimMatch",
    "matching.ClaimIndex",
    "jobs.Job",
    "jobs.JobFile",
)


def everything() -> dict[str, list[dict]]:
    """Every row (and many-to-many link) of every backed-up model, tokens included."""
    rows: dict[str, list[dict]] = {}
    for model in backed_up_models(include_tokens=True):
        rows[model._meta.label] = list(model._default_manager.order_by("pk").values())
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            # The link rows' own ids are renumbered; the links themselves must all come back.
            columns = [f.column for f in through._meta.fields if f.column != "id"]
            rows[f"{model._meta.label}.{field.name}"] = sorted(through.objects.values_list(*columns))
    return rows


def empty_every_table() -> None:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own writes are still pending
        for statement in connection.ops.sql_flush(_style(), tables, allow_cascade=True):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _style():
    from django.core.management.color import no_style

    return no_style()


@pytest.fixture(autouse=True)
def _forget_content_types():
    """Emptying every table renumbers the content types inside the test's transaction; the
    process-wide ContentType cache must not keep those ids after the rollback."""
    from django.contrib.contenttypes.models import ContentType

    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def desk(reviewer, second_reviewer, editor, admin_user, django_capture_on_commit_callbacks):
    article = make_article(reviewer)
    article_watch(actor=editor, article_id=article.pk, watch=True)
    with django_capture_on_commit_callbacks(execute=True):  # notifications go out after commit
        approved = bring_to(claim_for(article, reviewer, FURNACES), "approved", reviewer=reviewer, editor=editor)
        comment_add(actor=editor, claim_id=approved.pk, body="@rita_reviewer Barshay, p. 96, settles it.")
    article_publish(actor=editor, article_id=article.pk)
    memoir = make_article(editor, text=f"A memoir repeats the story. {TWIN}", title="A memoir of the camps")
    claim_for(memoir, editor, TWIN)
    match_all_articles()
    # A queued import with its uploaded file (binary content), waiting for a worker.
    enqueue_job(
        kind="sources_import",
        actor=editor,
        input_bytes=b"@book{b,\n title={\xc3\xa9t\xc3\xa9}}\n\x00\xff",
        input_name="library.bib",
    )
    bring_to(
        claim_for(article, second_reviewer, "The last prisoners came home in December 1956."),
        "submitted",
        reviewer=second_reviewer,
        editor=editor,
    )
    make_source(title="An uncited book nobody used yet")
    rating = VerdictRating.objects.get(slug="mixed")
    rating_update(actor=admin_user, rating_id=rating.pk, expected_version=rating.version, data={"label": "Half true"})
    policy = review_policy_get()
    review_policy_update(actor=admin_user, expected_version=policy.version, minimum_distinct_sources=2)
    token_create(user=reviewer, name="script")
    return article


def test_backup_and_restore_round_trip_into_an_empty_database(desk, tmp_path):
    before = everything()
    assert len(before["claims.Claim"]) >= 2 and len(before["claims.Verdict"]) == 2
    assert before["claims_security.ApiToken"] != []
    assert [label for label in CAPABILITY_ROWS if not before[label]] == []
    path = tmp_path / "desk.json.gz"
    out = StringIO()
    call_command("backup", str(path), "--with-tokens", stdout=out)
    assert out.getvalue().startswith("Backed up ")

    empty_every_table()
    assert (Article.objects.count(), User.objects.count(), Group.objects.count(), VerdictRating.objects.count()) == (
        0,
        0,
        0,
        0,
    )
    out = StringIO()
    call_command("restore", str(path), stdout=out)
    assert everything() == before
    assert (
        out.getvalue()
        == f"Restored {sum(len(rows) for key, rows in before.items() if key.count('.') == 1)} rows from {path}.\n"
    )
    # The restored desk works: roles, the renamed rating, the history.
    restored = Claim.objects.get(quote=FURNACES)
    assert restored.current_verdict.rating.slug == "false"
    assert VerdictRating.objects.get(slug="mixed").label == "Half true"
    assert set(User.objects.get(username="rita_reviewer").groups.values_list("name", flat=True)) == {"reviewer"}
    assert ClaimEvent.objects.filter(claim=restored).count() == len(
        [row for row in before["claims.ClaimEvent"] if row["claim_id"] == restored.pk]
    )
    assert Source.objects.filter(title="An uncited book nobody used yet").exists()


def test_a_backup_without_citation_rows_restores_them_so_a_cited_source_stays_vetted(desk, tmp_path, editor):
    """A backup written before published versions had citation rows (session 5) still guards the
    vetting of the sources a live page cites once restored."""
    cited = list(PublishedCitation.objects.values_list("published_claim_id", "source_id"))
    assert cited
    path = tmp_path / "old.json"
    call_command("backup", str(path), stdout=StringIO())
    rows = [row for row in json.loads(path.read_text()) if row["model"] != "publishing.publishedcitation"]
    path.write_text(json.dumps(rows))

    empty_every_table()
    call_command("restore", str(path), stdout=StringIO())
    assert list(PublishedCitation.objects.values_list("published_claim_id", "source_id")) == cited
    source_id = cited[0][1]
    with pytest.raises(Conflict) as refused:
        vetting_withdrawal_check(source_id=source_id)
    assert refused.value.code == "source_published"


def test_tokens_stay_out_unless_asked_for(desk, tmp_path):
    path = tmp_path / "desk.json"
    call_command("backup", str(path), stdout=StringIO())
    labels = {row["model"] for row in json.loads(path.read_text())}
    assert "claims_security.apitoken" not in labels
    assert {"auth.user", "auth.group", "claims.verdictrating", "claims.reviewpolicy", "claims.source"} <= labels
    assert "claims_security.idempotencyrecord" not in labels


def test_a_broken_backup_changes_nothing(desk, tmp_path):
    before = everything()
    path = tmp_path / "broken.json"
    path.write_text('[{"model": "claims.claim", "pk": 1, "fields": {"article": 999999}}]')
    with pytest.raises(Exception) as refused:
        call_command("restore", str(path), stdout=StringIO())
    assert "nothing was changed" in str(refused.value)
    assert everything() == before


def test_every_claims_app_is_covered():
    from django.apps import apps

    covered = {model._meta.app_config.name for model in backed_up_models(include_tokens=True)}
    expected = {
        config.name
        for config in apps.get_app_configs()
        if (config.name == "claims" or config.name.startswith("claims.")) and list(config.get_models())
    }
    assert expected <= covered
    assert Verdict in backed_up_models()
