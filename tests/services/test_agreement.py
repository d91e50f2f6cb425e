"""Agreement figures (claims/agreement.py) on a small example computed by hand; no database.

Six claims, two independent ratings each, on the order true < mostly-true < mixed < mostly-false < false:
(false, false), (false, false), (false, mostly-false), (mostly-false, mostly-false), (true, true), (true, mixed).

Percent agreement: 4 of 6.
Cohen's kappa: first position false 3, mostly-false 1, true 2; second false 2, mostly-false 2, true 1,
mixed 1. p_o = 4/6 = 24/36, p_e = (3*2 + 1*2 + 2*1) / 36 = 10/36, kappa = (24 - 10) / (36 - 10) = 7/13.
Krippendorff's alpha (ordinal): value counts n_true 3, n_mixed 1, n_mostly-false 3, n_false 5 (n = 12).
Observed coincidences off the diagonal: (false, mostly-false) twice, (true, mixed) twice.
d2(mostly-false, false) = (3 + 5 - 8/2)^2 = 16, d2(true, mixed) = (3 + 0 + 1 - 4/2)^2 = 4, so D_o = 2*16 + 2*4 = 40.
Expected: d2(true, mostly-false) = (7 - 3)^2 = 16, d2(true, false) = (12 - 4)^2 = 64,
d2(mixed, mostly-false) = (4 - 2)^2 = 4, d2(mixed, false) = (9 - 3)^2 = 36; sum of n_c n_k d2 over
unordered pairs = 12 + 144 + 960 + 12 + 180 + 240 = 1548, both orders 3096.
alpha = 1 - (12 - 1) * 40 / 3096 = 332/387.
Nominal alpha for comparison: D_o = 4, sum of n_c n_k over c != k = 144 - 44 = 100, alpha = 1 - 11*4/100 = 0.56.
"""

from __future__ import annotations

import pytest

from claims.agreement import agreement_summary, cohen_kappa, krippendorff_alpha, percent_agreement

ORDER = ["true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unproven", "not-checkable"]
PAIRS = [
    ("false", "false"),
    ("false", "false"),
    ("false", "mostly-false"),
    ("mostly-false", "mostly-false"),
    ("true", "true"),
    ("true", "mixed"),
]


def test_percent_agreement():
    assert percent_agreement(PAIRS) == pytest.approx(4 / 6)


def test_cohen_kappa():
    assert cohen_kappa(PAIRS) == pytest.approx(7 / 13)


def test_krippendorff_alpha_ordinal():
    assert krippendorff_alpha(PAIRS, order=ORDER) == pytest.approx(332 / 387)


def test_krippendorff_alpha_nominal():
    assert krippendorff_alpha(PAIRS, metric="nominal") == pytest.approx(0.56)


def test_ordinal_alpha_punishes_distant_disagreements_more():
    near = [("false", "mostly-false"), ("true", "true"), ("false", "false"), ("mixed", "mixed")]
    far = [("false", "true"), ("true", "true"), ("false", "false"), ("mixed", "mixed")]
    # One disagreement of four each: one step apart on the scale, or the whole scale apart.
    assert krippendorff_alpha(near, order=ORDER) == pytest.approx(0.9103, abs=1e-4)
    assert krippendorff_alpha(far, order=ORDER) == pytest.approx(0.4167, abs=1e-4)


def test_perfect_agreement_with_variation_is_one():
    pairs = [("true", "true"), ("false", "false")]
    assert (percent_agreement(pairs), cohen_kappa(pairs), krippendorff_alpha(pairs, order=ORDER)) == (1.0, 1.0, 1.0)


def test_undefined_figures_are_none():
    assert agreement_summary([], order=ORDER) == {
        "units": 0,
        "percent_agreement": None,
        "cohen_kappa": None,
        "krippendorff_alpha_ordinal": None,
    }
    everyone_says_false = [("false", "false"), ("false", "false")]
    assert cohen_kappa(everyone_says_false) is None
    assert krippendorff_alpha(everyone_says_false, order=ORDER) is None


def test_an_unknown_metric_is_refused():
    with pytest.raises(ValueError, match="Unknown metric 'interval'"):
        krippendorff_alpha(PAIRS, metric="interval")
