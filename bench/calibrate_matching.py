"""Refit claims.matching.engine.CALIBRATION: `python bench/calibrate_matching.py` prints the coefficients.

Data: the seed's hand-made labels (claims/fixtures/seed-claims.json). Each key claim's restatement
is paired with its own sentence (same claim) and with every other key sentence (not the same);
term weights are the IDF of the seed's claims as the matcher indexes them. A logistic regression of
"same claim" on (similarity, figures agree, figures disagree) is fitted with the look-alikes weighted
two to one against the true pairs (a shortlist holds the right claim and a couple of look-alikes).
The evaluation rewrite (claims/matching/fixtures/) is not used here. Runs in a temporary SQLite file.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEGATIVE_WEIGHT = 2.0


def pairs() -> list[tuple[int, float, str]]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db.models import Count

    from claims.matching.engine import Indexed, _idf, index_claims, score_pair
    from claims.matching.models import ClaimIndex, ClaimTerm
    from claims.matching.text import analyse
    from claims.models import Claim
    from claims.services.articles import article_import

    call_command("migrate", verbosity=0)
    text = (ROOT / "claims" / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
    article = article_import(actor=None, title="Seed", text=text).article
    index_claims(list(Claim.objects.filter(article=article).values_list("id", flat=True)))
    frequencies = {row["term"]: row["n"] for row in ClaimTerm.objects.values("term").annotate(n=Count("id"))}
    stored = ClaimIndex.objects.count()

    def weight(term: str) -> float:
        return _idf(stored, frequencies.get(term, 0))

    keys = json.loads((ROOT / "claims" / "fixtures" / "seed-claims.json").read_text(encoding="utf-8"))["key_claims"]
    sentences = sorted({key["sentence"] for key in keys})
    rows = []
    for key in keys:
        restatement = Indexed.from_text(2, 2, analyse(key["claim"]))
        for sentence in sentences:
            candidate = score_pair(restatement, Indexed.from_text(1, 1, analyse(sentence)), weight)
            rows.append((int(sentence == key["sentence"]), candidate.similarity, candidate.numbers))
    return rows


def fit(rows: list[tuple[int, float, str]]) -> dict[str, float]:
    positives = sum(label for label, _, _ in rows)
    negatives = len(rows) - positives
    data = [
        (
            (similarity, float(numbers == "agree"), float(numbers == "disagree")),
            label,
            (1 / (1 + NEGATIVE_WEIGHT)) / positives if label else (NEGATIVE_WEIGHT / (1 + NEGATIVE_WEIGHT)) / negatives,
        )
        for label, similarity, numbers in rows
    ]
    coefficients = [0.0, 0.0, 0.0]
    bias = 0.0
    for _ in range(20000):
        gradient = [0.0, 0.0, 0.0]
        gradient_bias = 0.0
        for features, label, weight in data:
            predicted = 1 / (1 + math.exp(-(sum(c * f for c, f in zip(coefficients, features, strict=True)) + bias)))
            error = (predicted - label) * weight
            for index in range(3):
                gradient[index] += error * features[index]
            gradient_bias += error
        for index in range(3):
            coefficients[index] -= 5 * (gradient[index] + 1e-3 * coefficients[index])
        bias -= 5 * gradient_bias
    return {
        "bias": round(bias, 2),
        "similarity": round(coefficients[0], 2),
        "figures_agree": round(coefficients[1], 2),
        "figures_disagree": round(coefficients[2], 2),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DEBUG", "1")
    with tempfile.TemporaryDirectory() as directory:
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/calibrate.sqlite3"
        print(json.dumps(fit(pairs())))
