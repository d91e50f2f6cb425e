"""Story helpers of the matching tests: the seed article, the evaluation rewrite, and its labels."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from claims.models import Article, Claim
from claims.services.articles import article_import
from claims.services.claims import claim_create_from_span

MATCHING_FIXTURES = Path(__file__).resolve().parents[2] / "claims" / "matching" / "fixtures"
SEED = Path(__file__).resolve().parents[2] / "claims" / "fixtures"
REWRITE_PATH = MATCHING_FIXTURES / "eval-rewrite.txt"
LABELS_PATH = MATCHING_FIXTURES / "eval-labels.json"


def import_text(path: Path, title: str, actor=None) -> Article:
    return article_import(actor=actor, title=title, text=path.read_text(encoding="utf-8")).article


def import_seed(actor=None) -> Article:
    return import_text(SEED / "seed-article.txt", "Japanese prisoners of war in the Soviet Union", actor)


def import_rewrite(actor=None) -> Article:
    return import_text(REWRITE_PATH, "How the Soviet Union held Japan's soldiers", actor)


def labels() -> dict:
    return json.loads(LABELS_PATH.read_text(encoding="utf-8"))


def seed_key_claims() -> dict[str, dict]:
    data = json.loads((SEED / "seed-claims.json").read_text(encoding="utf-8"))
    return {item["id"]: item for item in data["key_claims"]}


@dataclass
class Labelled:
    sentence: str
    claim: Claim


def claims_of_sentence(article: Article, sentence: str, actor) -> list[Claim]:
    """The live claims inside this sentence of the article; made from the span if the splitter found none."""
    start = article.body.index(sentence)
    end = start + len(sentence)
    inside = list(
        Claim.objects.filter(article=article, discarded_at__isnull=True, start__gte=start - 1, end__lte=end + 1)
    )
    if inside:
        return inside
    return [claim_create_from_span(actor=actor, article_id=article.pk, start=start, end=end)]


def seed_claim_ids_for(seed: Article, key_ids: list[str]) -> set[int]:
    """Seed claims lying over the sentences of these labelled key claims."""
    keys = seed_key_claims()
    found: set[int] = set()
    for key_id in key_ids:
        key = keys[key_id]
        found.update(
            Claim.objects.filter(article=seed, start__lt=key["end"], end__gt=key["start"]).values_list("id", flat=True)
        )
    return found
