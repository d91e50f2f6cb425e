"""The library in the desk's story: the demo imports it, a cited source is archived and old reports
still cite it, and a source export can be narrowed to a selection."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from claims.errors import Conflict
from claims.exports import export_article
from claims.models import Source, SourceEvent
from claims.selectors.sources import source_search
from claims.services.articles import article_import
from claims.services.reviews import claim_transition, evidence_add
from claims.services.sources import source_delete, source_set_archived, sources_import
from tests.conftest import SEED_SOURCES_PATH

pytestmark = pytest.mark.django_db


def test_the_demo_imports_the_seed_library_once(capsys) -> None:
    call_command("demo")
    assert "Source library: 15 created, 0 already present, 0 invalid." in capsys.readouterr().out
    assert Source.objects.count() == 15
    assert Source.objects.filter(is_vetted=True).count() == 15
    assert Source.objects.get(citation_key="barshay2013gods").isbn == "9780520276154"
    call_command("demo")
    assert "Source library: 0 created, 15 already present, 0 invalid." in capsys.readouterr().out
    assert Source.objects.count() == 15


def test_an_archived_source_still_appears_in_the_report_that_cites_it(admin_user, reviewer, editor) -> None:
    sources_import(actor=admin_user, data=SEED_SOURCES_PATH.read_bytes(), filename="seed-sources.bib")
    barshay = source_search(query="barshay").get()
    article = article_import(actor=None, title="Seed", text="The camps held 600,000 men.").article
    claim = article.claims.get()
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=barshay.pk, stance="context", locator="p. 12")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="mixed", rationale="Estimates vary.")
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")

    with pytest.raises(Conflict):
        source_delete(actor=editor, source_id=barshay.pk)
    source_set_archived(actor=editor, source_id=barshay.pk)

    assert source_search(query="barshay").count() == 0  # gone from the typeahead...
    markdown = export_article(article_id=claim.article_id, format="md").content.decode()
    assert (  # ...but the report that cites it still does, formatted
        "1. *Context*, p. 12 — Barshay, A. E. (2013). The Gods Left First: The Captivity and Repatriation of "
        "Japanese POWs in Northeast Asia, 1945–1956. University of California Press."
    ) in markdown.splitlines()
    chicago = export_article(article_id=claim.article_id, format="html", style="chicago").content.decode()
    assert "Barshay, Andrew E. 2013. <i>The Gods Left First" in chicago
    assert list(SourceEvent.objects.filter(source=barshay).values_list("action", flat=True)) == [
        "imported",
        "archived",
    ]


def test_export_sources_narrows_to_a_selection_of_ids(tmp_path, admin_user) -> None:
    sources_import(actor=admin_user, data=SEED_SOURCES_PATH.read_bytes(), filename="seed-sources.bib")
    chosen = Source.objects.filter(citation_key__in=["glantz2003august", "barshay2013gods"]).order_by("pk")
    source_set_archived(actor=admin_user, source_id=chosen[0].pk)  # an explicit selection includes archived ones
    output = tmp_path / "selection.json"
    ids = ",".join(str(source.pk) for source in chosen)
    call_command("export_sources", "--format", "csljson", "--ids", ids, "-o", str(output))
    assert [item["citation-key"] for item in json.loads(output.read_text())] == [
        "barshay2013gods",
        "glantz2003august",
    ]
    with pytest.raises(CommandError, match="No such source: 99999"):
        call_command("export_sources", "--format", "bibtex", "--ids", f"{chosen[0].pk},99999")
    with pytest.raises(CommandError, match="--ids takes comma-separated source ids"):
        call_command("export_sources", "--format", "bibtex", "--ids", "barshay")
