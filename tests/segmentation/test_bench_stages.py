"""The splitter bench (`make bench`) cuts stages out of the split by replacing functions: its
stand-ins must keep the splitter's signatures, or the bench fails only when someone runs it."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_the_bench_cuts_claim_analysis_and_the_model_out_of_a_real_split():
    sys.path.insert(0, str(BENCH))
    try:
        import bench_checkworthiness
    finally:
        sys.path.remove(str(BENCH))
    body = "Output fell 4% in June. “Orders rose,” said Ana Ruiz.\n\nThe council approved 500 homes in May.\n\n" * 3
    from claims.segmentation import checkworthiness, split_text, splitter

    stages = bench_checkworthiness.stage_times(body)
    assert set(stages) == {"without_claims", "without_model"}
    assert all(seconds >= 0 for seconds in stages.values())
    # the stand-ins are taken out again: the split after the bench is the real one
    assert splitter.assess_sentences is checkworthiness.assess_sentences
    assert len({claim.checkworthiness for claim in split_text(body).claims}) > 1
    assert bench_checkworthiness.model_batch(body) >= 0
