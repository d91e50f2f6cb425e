"""Invariants of the split for arbitrary text: segments tile the body, quotes are exact."""

from __future__ import annotations

import gc
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.importing import normalise_body
from claims.segmentation import split_text
from claims.segmentation.paragraphs import paragraph_spans, sentence_spans

WORDS = ["Soviet", "army", "1945", "83,000", "killed", "😀", "👩‍👩‍👧", "e\u0301", "naïve", "Zürich", "according to",
         "we must", "deserved", ".", "?", "!", ",", " - Site", "\r\n", "\r", "\n", "\n\n", " ", "\t", "\u00a0",
         "\u2028", "«", "»", "“", "”", "日本", "。", "Follow", "please click", "LONDON (Reuters) -", "- ", "1. ", "…",
         "Click here", "###", "Dr.", "U.S.", "3.5%", "£4bn", "Was it worth it?"]  # fmt: skip
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=120).map("".join),
)


def assert_tiles(body: str, spans: list[tuple[int, int]]) -> None:
    cursor = 0
    for start, end in spans:
        assert cursor <= start < end <= len(body)
        assert body[cursor:start].strip() == ""
        assert not body[start].isspace() and not body[end - 1].isspace()
        cursor = end
    assert body[cursor:].strip() == ""


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(texts)
def test_segments_tile_any_body_and_claims_quote_it_exactly(raw):
    body = normalise_body(raw)
    split = split_text(body)
    assert_tiles(body, [(segment.start, segment.end) for segment in split.segments])
    for index, segment in enumerate(split.segments):
        if segment.boilerplate_of_index is not None:
            assert segment.kind == "boilerplate" and segment.boilerplate_of_index != index
            # a copy links back to its first occurrence; a teaser above the article forward to its copy
            assert segment.boilerplate_of_index < index or "teaser" in segment.reason
            assert split.segments[segment.boilerplate_of_index].kind != "boilerplate"
    for claim in split.claims:
        segment = split.segments[claim.segment_index]
        # the whole sentence, or a clause of it (a fact beside a view, the facts of one sentence)
        assert segment.start <= claim.start < claim.end <= segment.end
        assert segment.kind == "sentence"
        assert body[claim.start : claim.end].strip() == body[claim.start : claim.end]
        assert 0.0 <= claim.checkworthiness <= 1.0
        assert claim.kind in {"statistic", "event", "causal", "attribution", "opinion", "other"}


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(texts)
def test_even_an_unnormalised_body_with_crlf_is_tiled_exactly(raw):
    """The splitter does not rely on the importer's normalisation for its invariants."""
    split = split_text(raw)
    assert_tiles(raw, [(segment.start, segment.end) for segment in split.segments])
    assert all(raw[claim.start : claim.end].strip() == raw[claim.start : claim.end] for claim in split.claims)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_sentences_tile_every_paragraph(raw):
    body = normalise_body(raw)
    for paragraph in paragraph_spans(body):
        spans = list(sentence_spans(body, paragraph))
        assert_tiles(
            body[paragraph.start : paragraph.end], [(s - paragraph.start, e - paragraph.start) for s, e in spans]
        )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalisation_is_idempotent_nfc_and_lf_only(raw):
    body = normalise_body(raw)
    assert normalise_body(body) == body
    assert unicodedata.is_normalized("NFC", body)
    assert "\r" not in body and body == body.strip()


def test_offsets_count_code_points_not_bytes_or_utf16_units():
    body = "👩‍👩‍👧 Émigrés 😀 said 5,000 people left in 1921.\n\nCafe\u0301 owners agreed."
    body = normalise_body(body)
    split = split_text(body)
    quotes = [body[claim.start : claim.end] for claim in split.claims]
    assert quotes == ["👩‍👩‍👧 Émigrés 😀 said 5,000 people left in 1921.", "Café owners agreed."]
    assert split.claims[0].kind == "statistic"


def test_the_split_leaves_the_garbage_collector_as_it_found_it():
    assert gc.isenabled()
    split_text("The council approved 1,200 new homes on 3 March.\n\nIt was a good day.")
    assert gc.isenabled()
    gc.disable()
    try:
        split_text("The council approved 1,200 new homes on 3 March.")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_split_hands_its_containers_to_the_oldest_generation():
    body = "\n\n".join(f"The council approved {n} new homes on 3 March, and it was a good day." for n in range(300))
    split = split_text(body)
    # Already in the oldest generation: the collector's young passes will not walk them.
    assert any(found is split.claims for found in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0


def test_the_split_leaves_objects_frozen_by_the_process_frozen():
    body = "\n\n".join(f"The council approved {n} new homes on 3 March, and it was a good day." for n in range(300))
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        split_text(body)
        # Unfreezing would empty the permanent generation; freezing the split's own containers
        # would add thousands. A frozen object that reference counting frees meanwhile (a cache
        # entry dropped) lowers the count, so it is not held equal.
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()
