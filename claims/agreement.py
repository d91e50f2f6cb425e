"""Inter-reviewer agreement for double review: pure functions over plain data, no Django.

Input is a list of units (claims), each the pair of ratings two reviewers proposed
independently, as rating slugs. Three figures:

- percent agreement: the share of claims where both chose the same rating;
- Cohen's kappa (nominal): agreement corrected for chance from each position's marginals.
  The "first" and "second" positions are the earlier and the later proposal, so the two
  "raters" are positions rather than fixed people when reviewers vary; kappa then is an
  approximation, which is why Krippendorff's alpha is also given;
- Krippendorff's alpha with the ordinal metric over the scale's order (VerdictRating.order),
  so "false" vs "mostly false" counts as a smaller disagreement than "false" vs "true".
  The distance between ranks c <= k is (sum of n_g for g from c to k - (n_c + n_k) / 2) ** 2,
  with n_g the number of values of rank g (Krippendorff 2011, "Computing Krippendorff's alpha").
  Ratings outside the given order (e.g. a retired slug) are placed after it, in order of name.

A figure that is undefined (no units, or no variation at all so expected disagreement is 0)
is None rather than a made-up number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

Pair = tuple[str, str]


def percent_agreement(pairs: Sequence[Pair]) -> float | None:
    if not pairs:
        return None
    return sum(1 for first, second in pairs if first == second) / len(pairs)


def cohen_kappa(pairs: Sequence[Pair]) -> float | None:
    """(p_o - p_e) / (1 - p_e) with p_e from the marginal distributions of the two positions."""
    if not pairs:
        return None
    total = len(pairs)
    observed = sum(1 for first, second in pairs if first == second) / total
    first_counts = Counter(first for first, _ in pairs)
    second_counts = Counter(second for _, second in pairs)
    expected = sum(first_counts[label] * second_counts[label] for label in first_counts) / (total * total)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def _ranked_labels(labels: set[str], order: Sequence[str] | None) -> list[str]:
    ordered = [label for label in (order or ()) if label in labels]
    return ordered + sorted(labels - set(ordered))


def krippendorff_alpha(
    pairs: Sequence[Pair], *, order: Sequence[str] | None = None, metric: str = "ordinal"
) -> float | None:
    """Krippendorff's alpha for two values per unit (no missing values), ordinal or nominal metric."""
    if metric not in ("ordinal", "nominal"):
        raise ValueError(f"Unknown metric {metric!r}; use 'ordinal' or 'nominal'.")
    if not pairs:
        return None
    # Coincidence matrix: each unit with values (a, b) adds the ordered pairs (a, b) and (b, a),
    # each weighted 1 / (m_u - 1) = 1 with two values per unit.
    coincidences: Counter[Pair] = Counter()
    for first, second in pairs:
        coincidences[(first, second)] += 1
        coincidences[(second, first)] += 1
    value_counts: Counter[str] = Counter()
    for (label, _), count in coincidences.items():
        value_counts[label] += count
    total_values = sum(value_counts.values())
    ranked = _ranked_labels(set(value_counts), order)

    def distance(a: str, b: str) -> float:
        if a == b:
            return 0.0
        if metric == "nominal":
            return 1.0
        low, high = sorted((ranked.index(a), ranked.index(b)))
        between = sum(value_counts[ranked[rank]] for rank in range(low, high + 1))
        return (between - (value_counts[ranked[low]] + value_counts[ranked[high]]) / 2) ** 2

    observed = sum(count * distance(a, b) for (a, b), count in coincidences.items())
    expected = sum(value_counts[a] * value_counts[b] * distance(a, b) for a in ranked for b in ranked)
    if expected == 0:
        return None
    return 1 - (total_values - 1) * observed / expected


def agreement_summary(pairs: Sequence[Pair], *, order: Sequence[str] | None = None) -> dict[str, float | int | None]:
    """All figures at once, as the agreement selector returns them."""
    return {
        "units": len(pairs),
        "percent_agreement": percent_agreement(pairs),
        "cohen_kappa": cohen_kappa(pairs),
        "krippendorff_alpha_ordinal": krippendorff_alpha(pairs, order=order, metric="ordinal"),
    }
