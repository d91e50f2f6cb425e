from hypothesis import given, settings, HealthCheck, strategies as st
from claims.segmentation import split_text
from claims.importing import normalise_body
from tests.segmentation.test_properties import assert_tiles
WORDS = ["LONDON", "(Reuters)", "-", "--", "—", "BRIGHTWATER,", "Oct.", "14,", "2025", "/PRNewswire/", "- ", "1. ", "• ",
         "Click here", "Follow us on X", "For more information,", "visit", "…", "...", "Dr.", "U.S.", "3.5%", "£4bn",
         "\n", "\n\n", " ", "Was it worth it?", "###", "Related:", "the cheapest", "what happened", "Nineteen children",
         "“", "”", "Soviet", "killed", "83,000", "we must", ".", "?", "e\u0301", "😀"]
texts = st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join) | st.lists(st.sampled_from(WORDS), max_size=80).map("".join)
@settings(max_examples=3000, suppress_health_check=list(HealthCheck), deadline=None)
@given(texts)
def test_tiles(raw):
    body = normalise_body(raw)
    split = split_text(body)
    assert_tiles(body, [(s.start, s.end) for s in split.segments])
    for c in split.claims:
        seg = split.segments[c.segment_index]
        assert (c.start, c.end) == (seg.start, seg.end) and seg.kind == "sentence"
        assert 0 <= c.checkworthiness <= 1
    for i, s in enumerate(split.segments):
        if s.boilerplate_of_index is not None:
            assert s.boilerplate_of_index < i
