"""W3C annotations re-anchor on the text; the HTML report carries every section of the brief."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from claims.exports import export_article, render_report
from claims.exports.web_annotations import QUOTE_CONTEXT_CHARS
from tests.exports.conftest import FURNACE_RESTATEMENT, RATIONALE
from tests.exports.sample import BODY, REPORT

pytestmark = pytest.mark.django_db


def test_each_claim_is_an_annotation_with_both_selectors(reviewed_seed):
    article, claim = reviewed_seed
    document = json.loads(export_article(article_id=article.pk, format="annotations").content)
    assert document["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = document["first"]["items"]
    assert document["total"] == len(items) == article.claims.filter(discarded_at__isnull=True).count()
    (furnace,) = [item for item in items if item["id"].endswith(f"#claim-{claim.pk}")]
    position, quote = furnace["target"]["selector"]
    assert position == {"type": "TextPositionSelector", "start": claim.start, "end": claim.end}
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": claim.quote,
        "prefix": article.body[claim.start - QUOTE_CONTEXT_CHARS : claim.start],
        "suffix": article.body[claim.end : claim.end + QUOTE_CONTEXT_CHARS],
    }
    assert article.body.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1  # re-anchorable
    assert furnace["target"]["source"] == article.url
    assert furnace["motivation"] == "assessing"
    assert furnace["body"][:2] == [
        {"type": "TextualBody", "purpose": "assessing", "format": "text/plain", "value": f"False. {RATIONALE}"},
        {"type": "TextualBody", "purpose": "tagging", "value": "false"},
    ]
    assert furnace["body"][2]["purpose"] == "commenting"
    assert furnace["body"][2]["value"].startswith("Refutes: Barshay, A. E. (2013). The Gods Left First")
    assert furnace["body"][2]["value"].endswith(
        "(pp. 95-97) “The dead were buried near the camps, often in unmarked graves.”"
    )
    pending = [item for item in items if item is not furnace]
    assert {item["body"][1]["value"] for item in pending} == {"pending"}


def test_annotations_can_leave_pending_claims_out(reviewed_seed):
    article, claim = reviewed_seed
    document = json.loads(export_article(article_id=article.pk, format="annotations", include_pending=False).content)
    assert [item["id"].rsplit("#", 1)[1] for item in document["first"]["items"]] == [f"claim-{claim.pk}"]


@override_settings(FACTCHECK_METHODOLOGY="Two people check every verdict.\n\nSee our <method> page.")
def test_the_html_report_has_every_section():
    html = render_report(REPORT, format="html").decode()
    for fragment in (
        "<title>Fact-check report: Prisoners in Siberia: a *small* test</title>",
        "<dt>Publisher</dt><dd>Example News</dd>",
        "<dt>Published</dt><dd>2025-04-18</dd>",
        '<tr class="rating-false"><td><span class="swatch"></span>False</td><td class="number">1</td></tr>',
        ".rating-false .swatch { background: #c62828; }",
        '<tr class="rating-pending">',
        'The corpses were burned in mine furnaces.<sup class="marker"><a href="#claim-12">[2]</a></sup>',
        '<section class="claim approved rating-false" id="claim-12">',
        "<h3>2. Soviet camps burned dead Japanese prisoners in mine furnaces.</h3>",
        "<blockquote>The corpses were burned in mine furnaces.</blockquote>",
        '<p class="verdict">Verdict: <strong>False</strong> (confidence: high). Reviewed by Rita Reviewer on '
        "2026-01-05; approved by Eddie Editor on 2026-01-05.</p>",
        "<p>Barshay finds burial,<br>not cremation, in camp records.</p>",
        '<li class="stance-refutes"><b>Refutes</b>, pp. 95-97: Barshay, A. E. (2013). <i>The Gods Left First',
        "<br><q>The dead were buried near the camps.</q></li>",
        "Earlier verdict <strong>Mostly false</strong>, approved by Eddie Editor on 2026-01-05",
        '<section class="claim pending" id="claim-11">',
        "Verdict: <em>Pending</em> (submitted)",
        '<tr><td>Eddie Editor</td><td class="number">0</td><td class="number">1</td><td>2026-01-05</td>'
        "<td>2026-01-05</td></tr>",
        '<tr><td>Rita Reviewer</td><td class="number">1</td><td class="number">0</td><td>2026-01-05</td>'
        "<td>2026-01-05</td></tr>",
        '2026-01-05 09:30 UTC, <a href="#claim-12">claim 2</a>: reopen (approved → in review) by elena_editor: '
        "New archive | material.",
        "<p>See our &lt;method&gt; page.</p>",
        "section.claim {",  # the stylesheet is inlined: the file is self-contained
    ):
        assert fragment in html, fragment
    assert "claim-13" not in html  # discarded
    assert "<link" not in html


def test_the_html_report_can_use_chicago_and_leave_pending_claims_out():
    html = render_report(REPORT, format="html", style="chicago", include_pending=False).decode()
    assert "Barshay, Andrew E. 2013. <i>The Gods Left First" in html
    assert 'id="claim-11"' not in html and 'id="claim-14"' not in html
    assert '<tr class="rating-pending">' not in html
    assert BODY.splitlines()[0] in html  # the article text stays whole


def test_an_unknown_format_or_style_lists_the_choices(reviewed_seed):
    from claims.errors import InvalidInput, NotFound

    article, _ = reviewed_seed
    with pytest.raises(
        InvalidInput,
        match="Unknown report format 'docx'; use one of: claimreview, annotations, csv, json, md, html, pdf.",
    ):
        export_article(article_id=article.pk, format="docx")
    with pytest.raises(InvalidInput, match="Unknown citation style 'vancouver'"):
        export_article(article_id=article.pk, format="html", style="vancouver")
    with pytest.raises(NotFound, match="Article 0 does not exist."):
        export_article(article_id=0, format="html")
    assert FURNACE_RESTATEMENT in export_article(article_id=article.pk, format="html").content.decode()


def test_an_empty_selection_is_refused_and_nothing_approved_is_an_empty_feed():
    from claims.errors import InvalidInput
    from claims.exports import export_articles

    with pytest.raises(InvalidInput, match="Choose at least one article to export."):
        export_articles(article_ids=[], format="csv")
    result = export_articles(article_ids=None, format="claimreview")
    assert json.loads(result.content) == {"@context": "https://schema.org", "@graph": []}
    assert result.filename == "factcheck-0-articles.claimreview.jsonld"
