"""Formatted citations with real CSL styles: the exact APA 7 and Chicago (author-date) strings."""

from __future__ import annotations

import pytest

from claims.bibliography.citations import CITATION_STYLES, format_bibliography, format_citation, to_csl_json
from claims.errors import InvalidInput
from claims.models import Source


def book() -> Source:
    return Source(
        pk=1,
        csl_type="book",
        title="The Gods Left First: The Captivity and Repatriation of Japanese POWs in Northeast Asia, 1945–1956",
        authors=[{"family": "Barshay", "given": "Andrew E."}],
        year=2013,
        publisher="University of California Press",
        publisher_place="Berkeley",
        isbn="9780520276154",
        notes="Internal note that never appears in a citation.",
    )


def article() -> Source:
    return Source(
        pk=2,
        csl_type="article-journal",
        title="The Soviet Famine of 1946–1947, the Weather and Human Agency in Historical Perspective",
        authors=[{"family": "Wheatcroft", "given": "Stephen G."}],
        year=2012,
        container_title="Europe-Asia Studies",
        volume="64",
        issue="6",
        pages="987–1005",
        doi="10.1080/09668136.2012.691725",
    )


def chapter() -> Source:
    return Source(
        pk=3,
        csl_type="chapter",
        title="Search and identification of burial places of Japanese prisoners of war",
        authors=[{"family": "Kuznetsov", "given": "Sergey I."}],
        editors=[{"family": "Kimura", "given": "Hiroshi"}, {"family": "Hara", "given": "Kimie"}],
        container_title="Prisoners of War in the Soviet Union",
        year=2019,
        publisher="Routledge",
        publisher_place="London",
        pages="200–215",
        doi="10.4324/9780429270468-16",
    )


def test_apa_book() -> None:
    assert format_citation(book(), style="apa") == (
        "Barshay, A. E. (2013). The Gods Left First: The Captivity and Repatriation of Japanese POWs in "
        "Northeast Asia, 1945–1956. University of California Press."
    )


def test_apa_journal_article() -> None:
    assert format_citation(article(), style="apa") == (
        "Wheatcroft, S. G. (2012). The Soviet Famine of 1946–1947, the Weather and Human Agency in Historical "
        "Perspective. Europe-Asia Studies, 64(6), 987–1005. https://doi.org/10.1080/09668136.2012.691725"
    )


def test_apa_chapter() -> None:
    assert format_citation(chapter(), style="apa") == (
        "Kuznetsov, S. I. (2019). Search and identification of burial places of Japanese prisoners of war. "
        "In H. Kimura & K. Hara (Eds.), Prisoners of War in the Soviet Union (pp. 200–215). Routledge. "
        "https://doi.org/10.4324/9780429270468-16"
    )


def test_chicago_book() -> None:
    assert format_citation(book(), style="chicago") == (
        "Barshay, Andrew E. 2013. The Gods Left First: The Captivity and Repatriation of Japanese POWs in "
        "Northeast Asia, 1945–1956. University of California Press."
    )


def test_chicago_journal_article() -> None:
    assert format_citation(article(), style="chicago") == (
        "Wheatcroft, Stephen G. 2012. “The Soviet Famine of 1946–1947, the Weather and Human Agency in "
        "Historical Perspective.” Europe-Asia Studies 64 (6): 987–1005. "
        "https://doi.org/10.1080/09668136.2012.691725."
    )


def test_chicago_chapter() -> None:
    assert format_citation(chapter(), style="chicago") == (
        "Kuznetsov, Sergey I. 2019. “Search and Identification of Burial Places of Japanese Prisoners of War.” "
        "In Prisoners of War in the Soviet Union, edited by Hiroshi Kimura and Kimie Hara. Routledge. "
        "https://doi.org/10.4324/9780429270468-16."
    )


def test_html_output_italicises_titles_and_escapes_every_piece_of_data() -> None:
    source = article()
    source.container_title = "Europe-Asia <script>alert(1)</script> & Studies"
    html = format_citation(source, style="apa", output="html")
    assert html == (
        "Wheatcroft, S. G. (2012). The Soviet Famine of 1946–1947, the Weather and Human Agency in Historical "
        "Perspective. <i>Europe-Asia &lt;script&gt;alert(1)&lt;/script&gt; &amp; Studies</i>, <i>64</i>(6), "
        "987–1005. https://doi.org/10.1080/09668136.2012.691725"
    )


def test_an_unsigned_newspaper_article_does_not_repeat_its_title() -> None:
    source = Source(
        pk=4,
        csl_type="article-newspaper",
        title="Russian lists internees who died in Soviet labor camps",
        container_title="The Japan Times",
        year=2003,
        month=5,
        day=2,
    )
    assert format_citation(source, style="apa") == (
        "Russian lists internees who died in Soviet labor camps. (2003, May 2). The Japan Times."
    )


def test_a_bibliography_is_sorted_as_the_style_sorts() -> None:
    entries = format_bibliography([chapter(), article(), book()], style="chicago")
    assert [entry.split(",")[0] for entry in entries] == ["Barshay", "Kuznetsov", "Wheatcroft"]


def test_every_listed_style_formats_the_three_kinds() -> None:
    assert set(CITATION_STYLES) == {"apa", "chicago", "harvard", "mla"}
    for style in CITATION_STYLES:
        assert len(format_bibliography([book(), article(), chapter()], style=style)) == 3


def test_an_unknown_style_is_refused() -> None:
    with pytest.raises(InvalidInput, match="Unknown citation style 'vancouver'"):
        format_citation(book(), style="vancouver")


def test_csl_json_of_a_corporate_author_and_dates() -> None:
    source = Source(
        pk=12,
        csl_type="webpage",
        title="Foreign Relations of the United States, 1945, Volume V, Document 623",
        authors=[{"family": "United States Department of State", "given": ""}],
        year=1945,
        month=4,
        day=5,
        url="https://history.state.gov/historicaldocuments/frus1945v05/d623",
    )
    assert to_csl_json(source) == {
        "id": "12",
        "type": "webpage",
        "title": "Foreign Relations of the United States, 1945, Volume V, Document 623",
        "author": [{"literal": "United States Department of State"}],
        "issued": {"date-parts": [[1945, 4, 5]]},
        "URL": "https://history.state.gov/historicaldocuments/frus1945v05/d623",
    }


def test_an_edited_volume_names_its_editor_once() -> None:
    source = Source(
        pk=11,
        csl_type="book",
        title="Voennoplennye v SSSR 1939–1956: Dokumenty i materialy",
        editors=[{"family": "Zagorulko", "given": "M. M."}],
        year=2000,
        publisher="Logos",
        publisher_place="Moscow",
    )
    assert format_citation(source, style="apa") == (
        "Zagorulko, M. M. (Ed.). (2000). Voennoplennye v SSSR 1939–1956: Dokumenty i materialy. Logos."
    )


def test_chicago_lists_an_edited_volume_under_its_editor_inverted_with_ed() -> None:
    source = Source(
        pk=11,
        csl_type="book",
        title="Voennoplennye v SSSR 1939–1956: Dokumenty i materialy",
        editors=[{"family": "Zagorulko", "given": "M. M."}],
        year=2000,
        publisher="Logos",
        publisher_place="Moscow",
        language="ru",  # a Russian title keeps its own capitalisation (CSL title case is for English)
    )
    assert format_citation(source, style="chicago") == (
        "Zagorulko, M. M., ed. 2000. Voennoplennye v SSSR 1939–1956: Dokumenty i materialy. Logos."
    )


def test_chicago_lists_two_editors_with_eds_and_given_names_in_full() -> None:
    source = Source(
        pk=13,
        csl_type="book",
        title="Prisoners of War in the Soviet Union",
        editors=[{"family": "Kimura", "given": "Hiroshi"}, {"family": "Hara", "given": "Kimie"}],
        year=2019,
        publisher="Routledge",
    )
    assert format_citation(source, style="chicago") == (
        "Kimura, Hiroshi, and Kimie Hara, eds. 2019. Prisoners of War in the Soviet Union. Routledge."
    )
    assert format_citation(source, style="apa") == (
        "Kimura, H., & Hara, K. (Eds.). (2019). Prisoners of War in the Soviet Union. Routledge."
    )
