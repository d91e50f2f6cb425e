"""Retrieval and scoring: which stored claims (in other articles) say the same as a claim.

Method (the same scoring on PostgreSQL and SQLite; retrieval differs only in how other spellings
of an unknown term are found, see 2b):

1. Indexing — each live claim's text (its restatement, else its quote) is analysed once by
   claims.matching.text: Snowball stems, quantities (normalised figures, fractions, years, dates)
   and negation. The stems and one term per quantity go to ClaimTerm, an inverted index
   (B-tree on term, claim, article); TermStatistic keeps each term's document frequency. The index
   follows imports (article_imported) and edits (claim_edited: refresh_claims re-indexes whatever
   of the article went stale: a new restatement, a split's new part, a merged or discarded claim).
2. Retrieval (BM25-style) — the document frequencies of the query's terms come from TermStatistic;
   each query claim looks up its rarest terms (_retrieval_terms: at least MIN_RETRIEVAL_TERMS, at
   most RETRIEVAL_TERMS, within POSTINGS_BUDGET postings once the minimum is reached; a term held
   by more than MAX_POSTINGS claims tells nothing) and each stored claim collects the IDF of the
   terms it shares; the best CANDIDATES per claim go on. One postings query per batch of claims
   (one array parameter on PostgreSQL). Cost is bounded by the budget, not by the stored claims.
2b. Other spellings — a query term the index does not hold ("Kusnetsov") also looks up stored
   terms spelled like it ("Kuznetsov"), credited as the scoring credits them: on PostgreSQL through
   pg_trgm (trigram similarity over the vocabulary, GIN index, migration 0002), on SQLite or
   without pg_trgm through a primary-key range of the vocabulary and RapidFuzz (spelling_variants).
   PostgreSQL's full-text search (a tsvector GIN index over the same terms) was measured for the
   postings and not kept: 0.42-1.20 s against 0.07-0.18 s for the B-tree on the same 44,000-109,000
   postings (docs/benchmarks.md).
3. Scoring — per candidate: similarity = the square root of an IDF-weighted Dice coefficient over
   the two claims' terms (a stem missing on one side may still match a near-identical one, RapidFuzz
   ratio >= 85, e.g. a transliteration); figures are compared (text.compare_quantities). The score
   is a logistic calibration of both (CALIBRATION): agreeing figures raise it, a disagreement
   ("one-third" vs "a tenth", 1939 vs 1945) demotes it and forbids an automatic link. An automatic
   link also needs no figure missing on either side, the same polarity (both negated or neither)
   and no name replaced by another (a capitalised term on each side that the other lacks:
   "Mongolia" / "Manchuria"). A pair that cannot reach the floor even with agreeing figures is
   dropped before its figures and reasons are worked out (score_pair_above).
4. Thresholds come from settings (FACTCHECK_MATCH_SUGGEST_THRESHOLD, ..._LINK_THRESHOLD).

Long work follows the jobs convention: match_article / match_all_articles take an optional
progress(done, total, message) callback.
"""

from __future__ import annotations

import heapq
import json
import logging
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from rapidfuzz import fuzz, process

from claims.matching.text import ClaimText, Quantity, analyse, compare_quantities

Progress = Callable[[int, int, str], None]
logger = logging.getLogger(__name__)

RETRIEVAL_TERMS = 8
MIN_RETRIEVAL_TERMS = 5
POSTINGS_BUDGET = 1000
MAX_POSTINGS = 5000
VARIANTS_PER_TERM = 3
CANDIDATES = 10
# Logistic calibration of (similarity, figures) -> probability of the same claim, fitted on the
# seed's hand-made restatements (claims/fixtures/seed-claims.json: each restatement against its own
# sentence and against every other key sentence, the look-alikes weighted two to one), not on the
# evaluation rewrite. Refit with `python bench/calibrate_matching.py`.
CALIBRATION = {"bias": -4.59, "similarity": 9.63, "figures_agree": 1.16, "figures_disagree": -1.87}
FUZZY_TERM_RATIO = 85
FUZZY_TERM_CREDIT = 0.8
CHUNK = 500


def suggest_threshold() -> float:
    return float(getattr(settings, "FACTCHECK_MATCH_SUGGEST_THRESHOLD", 0.75))


def link_threshold() -> float:
    return float(getattr(settings, "FACTCHECK_MATCH_LINK_THRESHOLD", 0.95))


@dataclass
class Indexed:
    """A claim as matching sees it (from ClaimIndex or analysed on the fly)."""

    claim_id: int
    article_id: int
    terms: list[str]
    words: dict[str, str]
    quantities: list[Quantity]
    negated: bool
    entities: list[str] = field(default_factory=list)

    @classmethod
    def from_text(cls, claim_id: int, article_id: int, analysed: ClaimText) -> Indexed:
        return cls(
            claim_id,
            article_id,
            analysed.index_terms(),
            analysed.words,
            analysed.quantities,
            analysed.negated,
            analysed.entities,
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Indexed:
        return cls(
            row["claim_id"],
            row["article_id"],
            row["terms"],
            row["words"],
            [Quantity(kind, value, surface) for kind, value, surface in row["quantities"]],
            row["negated"],
            row["entities"],
        )


@dataclass
class Candidate:
    claim_id: int
    other_id: int
    score: float
    numbers: str
    reasons: list[dict]
    linkable: bool
    similarity: float = 0.0


@dataclass
class MatchRunResult:
    claims: int = 0
    suggested: int = 0
    linked: int = 0
    candidates: list[Candidate] = field(default_factory=list)


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _select_in(sql: str, values: list, params: Iterable = ()) -> list[tuple]:
    """Rows of `sql`, whose `{values}` is a membership test of a column in `values`, one statement per
    CHUNK; extra params follow. PostgreSQL takes the list as one array (`= ANY(%s)`), so a long list
    costs neither thousands of placeholders nor the ORM's work on each value."""
    rows: list[tuple] = []
    if not values:
        return rows
    postgres = connection.vendor == "postgresql"
    for chunk in _chunks(values, 5000 if postgres else CHUNK):
        test = "= ANY(%s)" if postgres else f"IN ({', '.join(['%s'] * len(chunk))})"
        arguments = [chunk] if postgres else list(chunk)
        with connection.cursor() as cursor:
            cursor.execute(sql.format(values=test), [*arguments, *params])
            rows.extend(cursor.fetchall())
    return rows


def _json(value: object) -> Any:
    """A JSON column read through a raw cursor: text on SQLite and (as Django sets it up) on PostgreSQL."""
    return json.loads(value) if isinstance(value, (str, bytes)) else value


def _table(model_label: str) -> str:
    from django.apps import apps

    return connection.ops.quote_name(apps.get_model(model_label)._meta.db_table)


# --- indexing ---------------------------------------------------------------------------------


def claim_text(restatement: str, quote: str) -> str:
    return (restatement or "").strip() or quote


def index_claims(claim_ids: list[int]) -> dict[int, Indexed]:
    """(Re)build the index rows of these claims; discarded claims are taken out of the index."""
    from claims.matching.models import ClaimIndex, ClaimTerm
    from claims.models import Claim

    rows = list(
        Claim.objects.filter(pk__in=claim_ids, discarded_at__isnull=True)
        .order_by()
        .values_list("id", "article_id", "restatement", "quote")
    )
    indexed: dict[int, Indexed] = {}
    index_rows = []
    term_rows: list[tuple[str, int, int]] = []
    for claim_id, article_id, restatement, quote in rows:
        text = claim_text(restatement, quote)
        entry = Indexed.from_text(claim_id, article_id, analyse(text))
        indexed[claim_id] = entry
        index_rows.append(
            ClaimIndex(
                claim_id=claim_id,
                article_id=article_id,
                text=text,
                terms=entry.terms,
                words=entry.words,
                quantities=[[q.kind, q.value, q.surface] for q in entry.quantities],
                negated=entry.negated,
                entities=entry.entities,
            )
        )
        term_rows.extend((term[:64], claim_id, article_id) for term in entry.terms)
    with transaction.atomic():
        delta: Counter[str] = Counter(term for term, _, _ in term_rows)
        for chunk in _chunks(claim_ids):
            delta.subtract(ClaimTerm.objects.filter(claim_id__in=chunk).values_list("term", flat=True))
            ClaimTerm.objects.filter(claim_id__in=chunk).delete()
            ClaimIndex.objects.filter(claim_id__in=chunk).delete()
        ClaimIndex.objects.bulk_create(index_rows, batch_size=CHUNK)
        _insert_terms(term_rows)
        _add_to_statistics({term: count for term, count in delta.items() if count})
    return indexed


def _insert_terms(rows: list[tuple[str, int, int]]) -> None:
    """The postings, (term, claim, article) rows, in multi-row INSERTs (no model instance per row)."""
    table = _table("matching.ClaimTerm")
    for chunk in _chunks(rows, 300):
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (term, claim_id, article_id_copy) VALUES "  # noqa: S608 (names are ours)
                + ", ".join(["(%s, %s, %s)"] * len(chunk)),
                [value for row in chunk for value in row],
            )


def _add_to_statistics(delta: dict[str, int]) -> None:
    """Add to the document frequencies in one upsert per chunk (terms in order: no deadlock between imports)."""
    table = _table("matching.TermStatistic")
    items = sorted(delta.items())
    for chunk in _chunks(items):
        placeholders = ", ".join(["(%s, %s)"] * len(chunk))
        parameters = [value for item in chunk for value in item]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (term, documents) VALUES {placeholders} "  # noqa: S608 (names are ours)
                f"ON CONFLICT (term) DO UPDATE SET documents = {table}.documents + excluded.documents",
                parameters,
            )


def rebuild_statistics() -> None:
    """Recount every document frequency from the index (after deletions)."""
    from claims.matching.models import ClaimTerm, TermStatistic

    with transaction.atomic():
        TermStatistic.objects.all().delete()
        TermStatistic.objects.bulk_create(
            (
                TermStatistic(term=row["term"], documents=row["n"])
                for row in ClaimTerm.objects.order_by().values("term").annotate(n=Count("id"))
            ),
            batch_size=2000,
        )


# --- retrieval and scoring --------------------------------------------------------------------


def _document_frequencies(terms: Iterable[str]) -> dict[str, int]:
    """The vocabulary's count of each term it holds.

    PostgreSQL: the vocabulary also has a trigram GIN index (spelling_variants), which pg_trgm 1.6
    lets answer `=`; the planner underrates its cost and took it for `term = ANY(...)`: about 5 ms a
    term, where the primary key takes microseconds (2,000 terms over 20,000: 11 s against 4 ms). A
    range with equal bounds is a condition that only the primary key's btree can answer.
    """
    wanted = sorted(set(terms))
    table = _table("matching.TermStatistic")
    if connection.vendor != "postgresql":
        return dict(_select_in(f"SELECT term, documents FROM {table} WHERE term {{values}}", wanted))  # noqa: S608
    rows: list[tuple[str, int]] = []
    for chunk in _chunks(wanted, 5000):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.term, s.documents FROM unnest(%s::text[]) AS q(term) "  # noqa: S608 (names are ours)
                f"JOIN {table} s ON s.term >= q.term AND s.term <= q.term",
                [chunk],
            )
            rows.extend(cursor.fetchall())
    return dict(rows)


def _idf(total: int, frequency: int) -> float:
    return math.log(1 + (total + 1) / (frequency + 0.5))


def _term_overlap(first: Indexed, second: Indexed, weight: Callable[[str], float]) -> tuple[float, list[str]]:
    """Shared weight (sum over matched terms of the mean weight) and the shared words."""
    second_terms = set(second.terms)
    shared = 0.0
    words: list[str] = []
    # Second's terms missing on the first side that a fuzzy match may take, by first letter.
    open_by_letter: dict[str, list[str]] = defaultdict(list)
    first_terms = set(first.terms)
    for term in second.terms:
        if term not in first_terms and ":" not in term and len(term) >= 5:
            open_by_letter[term[0]].append(term)
    for term in first.terms:
        if term in second_terms:
            shared += weight(term)
            if ":" not in term:
                words.append(first.words.get(term, term))
            continue
        if ":" in term or len(term) < 5:
            continue
        choices = open_by_letter.get(term[0])
        found = process.extractOne(term, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_TERM_RATIO) if choices else None
        if found is not None:
            best = found[0]
            choices.remove(best)  # type: ignore[union-attr]
            shared += FUZZY_TERM_CREDIT * (weight(term) + weight(best)) / 2
            words.append(f"{first.words.get(term, term)} ~ {second.words.get(best, best)}")
    return shared, words


def _calibrated(similarity: float, figures: str) -> float:
    """Similarity and figure agreement -> the probability that two claims say the same thing."""
    logit = CALIBRATION["bias"] + CALIBRATION["similarity"] * similarity
    if figures == "agree":
        logit += CALIBRATION["figures_agree"]
    elif figures == "disagree":
        logit += CALIBRATION["figures_disagree"]
    return 1 / (1 + math.exp(-logit))


def score_pair(first: Indexed, second: Indexed, weight: Callable[[str], float]) -> Candidate:
    """The score of two claims with the reasons behind it (pure: no database)."""
    candidate = score_pair_above(first, second, weight, floor=None)
    assert candidate is not None  # noqa: S101 - no floor, always a candidate
    return candidate


def score_pair_above(
    first: Indexed, second: Indexed, weight: Callable[[str], float], *, floor: float | None
) -> Candidate | None:
    """score_pair, or None when the pair cannot reach `floor` even with agreeing figures (the
    figures and reasons of most non-matches are never worked out)."""
    total = sum(weight(term) for term in first.terms) + sum(weight(term) for term in second.terms)
    shared, words = _term_overlap(first, second, weight)
    dice = 2 * shared / total if total else 0.0
    similarity = math.sqrt(max(0.0, min(1.0, dice)))
    if floor is not None and _calibrated(similarity, "agree") < floor:
        return None
    comparison = compare_quantities(first.quantities, second.quantities)
    score = _calibrated(similarity, comparison.status)
    reasons: list[dict] = []
    if words:
        reasons.append({"kind": "shared_terms", "values": words[:12]})
    if comparison.agree:
        reasons.append({"kind": "figures_agree", "values": comparison.agree})
    if comparison.status == "disagree":
        reasons.append({"kind": "figures_disagree", "values": [f"{a} ≠ {b}" for a, b in comparison.disagree]})
    elif comparison.status == "partial":
        reasons.append({"kind": "figures_unmatched", "values": []})
    first_names = [name for name in first.entities if name not in second.terms]
    second_names = [name for name in second.entities if name not in first.terms]
    names_differ = bool(first_names and second_names)
    if names_differ:
        reasons.append(
            {
                "kind": "names_differ",
                "values": [
                    first.words.get(first_names[0], first_names[0]),
                    second.words.get(second_names[0], second_names[0]),
                ],
            }
        )
    polarity_differs = first.negated != second.negated
    if polarity_differs:
        reasons.append({"kind": "polarity_differs", "values": []})
    linkable = comparison.status in ("agree", "none") and not polarity_differs and not names_differ
    later, earlier = (first, second) if first.claim_id > second.claim_id else (second, first)
    return Candidate(
        claim_id=later.claim_id,
        other_id=earlier.claim_id,
        score=round(min(1.0, score), 4),
        numbers=comparison.status,
        reasons=reasons,
        linkable=linkable,
        similarity=similarity,
    )


def _retrieval_terms(query: Indexed, frequencies: dict[str, int]) -> list[str]:
    """The query's rarest stored terms, rarest first: at least MIN_RETRIEVAL_TERMS, at most
    RETRIEVAL_TERMS, and no more postings than POSTINGS_BUDGET once the minimum is reached.

    A rewording shares most of its rare words with the original, so the rarest few find it; the
    budget keeps a claim made of common words from reading tens of thousands of postings.
    """
    usable = sorted(
        (term for term in query.terms if 0 < frequencies.get(term, 0) <= MAX_POSTINGS),
        key=lambda term: (frequencies[term], term),
    )
    chosen: list[str] = []
    spent = 0
    for term in usable[:RETRIEVAL_TERMS]:
        if len(chosen) >= MIN_RETRIEVAL_TERMS and spent + frequencies[term] > POSTINGS_BUDGET:
            break
        chosen.append(term)
        spent += frequencies[term]
    return chosen


def _fuzzy_term(term: str) -> bool:
    return ":" not in term and len(term) >= 5


def _close_spelling(term: str, other: str) -> bool:
    """The scoring's rule for a spelling variant (_term_overlap): same first letter, RapidFuzz ratio >= 85."""
    return other != term and other[:1] == term[:1] and fuzz.ratio(term, other) >= FUZZY_TERM_RATIO


@lru_cache(maxsize=8)
def _has_pg_trgm(alias: str) -> bool:
    """Is pg_trgm installed in this PostgreSQL database (migration matching 0002 creates it)? Asked once."""
    from django.db import connections

    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def spelling_variants(terms: Iterable[str]) -> dict[str, dict[str, int]]:
    """Stored terms spelled like each of these terms that the index does not hold ("Kusnetsov" for
    "Kuznetsov"): {term: {variant: document frequency}}.

    PostgreSQL: one query over the vocabulary's pg_trgm GIN index (trigram similarity, `%`, best
    VARIANTS_PER_TERM by distance). SQLite, or PostgreSQL without pg_trgm: the vocabulary's terms
    with the same first two letters (a range of its primary key), one query per chunk. Both keep
    only what the scoring would credit (_close_spelling).
    """
    from django.db.models import Q

    from claims.matching.models import TermStatistic

    wanted = sorted({term for term in terms if _fuzzy_term(term)})
    found: dict[str, dict[str, int]] = defaultdict(dict)
    if not wanted:
        return {}
    table = _table("matching.TermStatistic")
    if connection.vendor == "postgresql" and _has_pg_trgm(connection.alias):
        for chunk in _chunks(wanted):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT q.term, v.term, v.documents FROM unnest(%s::text[]) AS q(term) "  # noqa: S608 (names are ours)
                    f"CROSS JOIN LATERAL (SELECT s.term, s.documents FROM {table} s "
                    f"WHERE s.term %% q.term AND s.documents > 0 AND left(s.term, 1) = left(q.term, 1) "
                    f"ORDER BY s.term <-> q.term, s.term LIMIT %s) v",
                    [chunk, VARIANTS_PER_TERM],
                )
                rows = cursor.fetchall()
            for term, variant, documents in rows:
                if _close_spelling(term, variant):
                    found[term][variant] = documents
        return dict(found)
    prefixes = sorted({term[:2] for term in wanted})
    for chunk in _chunks(prefixes, 50):
        ranges = Q()
        for prefix in chunk:
            ranges |= Q(term__gte=prefix, term__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))
        vocabulary: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for variant, documents in TermStatistic.objects.filter(ranges, documents__gt=0).values_list(
            "term", "documents"
        ):
            vocabulary[variant[:2]].append((variant, documents))
        for term in wanted:
            close = [
                (variant, documents)
                for variant, documents in vocabulary.get(term[:2], ())
                if _close_spelling(term, variant)
            ]
            close.sort(key=lambda item: (-fuzz.ratio(term, item[0]), item[0]))
            if close:
                found[term].update(close[:VARIANTS_PER_TERM])
    return dict(found)


def find_candidates(
    queries: list[Indexed],
    *,
    exclude_article_id: int | None = None,
    limit: int = CANDIDATES,
    minimum: float | None = None,
) -> dict[int, list[Candidate]]:
    """The best stored matches of each query (claims of other articles only), best first.

    Queries may be claims (their claim_id set) or any text (claim_id 0). A fixed number of
    queries per CHUNK of terms, whatever the number of stored claims.
    """
    from claims.matching.models import ClaimIndex

    if not queries:
        return {}
    stored = ClaimIndex.objects.count()
    query_terms = {term for query in queries for term in query.terms}
    frequencies = _document_frequencies(query_terms)
    weights: dict[str, float] = {}

    def weight(term: str) -> float:
        found = weights.get(term)
        if found is None:
            found = weights[term] = _idf(stored, frequencies.get(term, 0))
        return found

    # Terms the index does not hold may be another spelling of a stored one: look those up too,
    # credited as the scoring credits a spelling variant.
    variants = spelling_variants(term for term in query_terms if not frequencies.get(term))
    for found in variants.values():
        frequencies.update(found)
    chosen: dict[int, list[tuple[str, float]]] = {}
    for position, query in enumerate(queries):
        chosen[position] = [(term, 1.0) for term in _retrieval_terms(query, frequencies)] + [
            (variant, FUZZY_TERM_CREDIT)
            for term in query.terms
            for variant, documents in variants.get(term, {}).items()
            if documents <= MAX_POSTINGS
        ]
    lookup = {term for terms in chosen.values() for term, _ in terms}
    postings: dict[str, list[int]] = defaultdict(list)
    for term, claim_id in _select_in(
        f"SELECT term, claim_id FROM {_table('matching.ClaimTerm')} "  # noqa: S608 (names are ours)
        "WHERE term {values} AND article_id_copy <> %s",
        sorted(lookup),
        [exclude_article_id if exclude_article_id is not None else -1],
    ):
        postings[term].append(claim_id)
    shortlists: dict[int, list[int]] = {}
    for position, query in enumerate(queries):
        gathered: dict[int, float] = defaultdict(float)
        for term, credit in chosen[position]:
            term_weight = credit * weight(term)
            for claim_id in postings.get(term, ()):
                gathered[claim_id] += term_weight
        gathered.pop(query.claim_id, None)
        best = heapq.nsmallest(limit + 5, gathered.items(), key=lambda item: (-item[1], item[0]))
        shortlists[position] = [claim_id for claim_id, _ in best]
    wanted = sorted({claim_id for ids in shortlists.values() for claim_id in ids})
    candidates: dict[int, Indexed] = {}
    for claim_id, article_id, terms, words, quantities, negated, entities in _select_in(
        "SELECT i.claim_id, i.article_id, i.terms, i.words, i.quantities, i.negated, i.entities "  # noqa: S608
        f"FROM {_table('matching.ClaimIndex')} i JOIN {_table('claims.Claim')} c ON c.id = i.claim_id "
        "WHERE i.claim_id {values} AND c.discarded_at IS NULL",
        wanted,
    ):
        candidates[claim_id] = Indexed.from_row(
            {
                "claim_id": claim_id,
                "article_id": article_id,
                "terms": _json(terms),
                "words": _json(words),
                "quantities": _json(quantities),
                "negated": bool(negated),
                "entities": _json(entities),
            }
        )
    missing = {term for entry in candidates.values() for term in entry.terms} - set(frequencies)
    frequencies.update(_document_frequencies(missing))
    floor = suggest_threshold() if minimum is None else minimum
    results: dict[int, list[Candidate]] = {}
    for position, query in enumerate(queries):
        scored = []
        for claim_id in shortlists[position]:
            entry = candidates.get(claim_id)
            if entry is None or entry.article_id == query.article_id:
                continue
            candidate = score_pair_above(query, entry, weight, floor=floor)
            if candidate is not None and candidate.score >= floor:
                scored.append((candidate, claim_id))
        scored.sort(key=lambda item: (-item[0].score, item[1]))
        results[position] = [candidate for candidate, _ in scored[:limit]]
    return results


def search_text(text: str, *, limit: int = 20, minimum: float = 0.3) -> list[tuple[int, Candidate]]:
    """Stored claims similar to any text: [(claim id, candidate)], best first."""
    query = Indexed.from_text(0, 0, analyse(text))
    found = find_candidates([query], limit=limit, minimum=minimum).get(0, [])
    return [(candidate.other_id if candidate.claim_id == 0 else candidate.claim_id, candidate) for candidate in found]


def match_article(article_id: int, *, progress: Progress | None = None, reindex: bool = True) -> MatchRunResult:
    """(Re)index an article's claims and store their matches with claims of other articles."""
    from claims.matching.models import ClaimIndex
    from claims.matching.services import matches_store
    from claims.models import Claim

    claim_ids = list(
        Claim.objects.filter(article_id=article_id, discarded_at__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )
    result = MatchRunResult(claims=len(claim_ids))
    if progress:
        progress(0, len(claim_ids), f"Indexing {len(claim_ids)} claims of article {article_id}")
    if reindex:
        indexed = index_claims(claim_ids)
    else:
        indexed = {
            row["claim_id"]: Indexed.from_row(row)
            for row in ClaimIndex.objects.filter(claim_id__in=claim_ids).values(
                "claim_id", "article_id", "terms", "words", "quantities", "negated", "entities"
            )
        }
    queries = [indexed[claim_id] for claim_id in claim_ids if claim_id in indexed]
    found: list[Candidate] = []
    step = 100
    for start in range(0, len(queries), step):
        batch = queries[start : start + step]
        for candidates in find_candidates(batch, exclude_article_id=article_id).values():
            found.extend(candidates)
        if progress:
            done = min(start + step, len(queries))
            progress(done, len(queries), f"Matched {done} of {len(queries)} claims of article {article_id}")
    counts = matches_store(claim_ids=claim_ids, candidates=found)
    result.suggested, result.linked = counts
    result.candidates = found
    return result


def match_all_articles(*, article_id: int | None = None, progress: Progress | None = None) -> MatchRunResult:
    """match_article for one article, or for every article (oldest first) with overall progress."""
    from claims.models import Article

    if article_id is not None:
        return match_article(article_id, progress=progress)
    article_ids = list(Article.objects.order_by("imported_at", "id").values_list("id", flat=True))
    total = MatchRunResult()
    for done, current in enumerate(article_ids, start=1):
        # Index every article first, so the first ones also find the later ones.
        index_claims(list(_live_claim_ids(current)))
        if progress:
            progress(done, len(article_ids) * 2, f"Indexed article {current}")
    rebuild_statistics()
    for done, current in enumerate(article_ids, start=1):
        part = match_article(current, reindex=False)
        total.claims += part.claims
        total.suggested += part.suggested
        total.linked += part.linked
        if progress:
            progress(len(article_ids) + done, len(article_ids) * 2, f"Matched article {current}")
    return total


def _live_claim_ids(article_id: int) -> Iterable[int]:
    from claims.models import Claim

    return Claim.objects.filter(article_id=article_id, discarded_at__isnull=True).values_list("id", flat=True)


def stale_claim_ids(article_id: int) -> list[int]:
    """The article's claims whose index no longer says what they say (one query).

    A live claim without an index row (the right part of a split, a restored claim) or whose
    restatement or quote changed since it was indexed, and a discarded claim still indexed (the
    claim merged away, a discarded one).
    """
    from claims.models import Claim

    stale = []
    for claim_id, restatement, quote, discarded_at, indexed_text in (
        Claim.objects.filter(article_id=article_id)
        .order_by("id")
        .values_list("id", "restatement", "quote", "discarded_at", "match_index__text")
    ):
        if discarded_at is not None:
            if indexed_text is not None:
                stale.append(claim_id)
        elif indexed_text != claim_text(restatement, quote):
            stale.append(claim_id)
    return stale


def refresh_claims(article_id: int, claim_ids: Iterable[int] = ()) -> MatchRunResult:
    """Re-index the article's stale claims (and these) and match them again; drop what a discarded claim suggested.

    The claims are locked while their index rows are rewritten, so two edits of one article at once
    cannot both insert the same claim's row.
    """
    from claims.matching.services import matches_store
    from claims.models import Claim

    wanted = sorted(set(stale_claim_ids(article_id)) | set(claim_ids))
    result = MatchRunResult()
    if not wanted:
        return result
    with transaction.atomic():
        list(Claim.objects.select_for_update().filter(pk__in=wanted).order_by("id").values_list("id", flat=True))
        indexed = index_claims(wanted)
        queries = [indexed[claim_id] for claim_id in wanted if claim_id in indexed]
        found = [
            candidate
            for candidates in find_candidates(queries, exclude_article_id=article_id).values()
            for candidate in candidates
        ]
        result.suggested, result.linked = matches_store(claim_ids=wanted, candidates=found)
    result.claims = len(queries)
    result.candidates = found
    return result


def refresh_edited_claim(*, claim_id: int, article_id: int, action: str, **_: object) -> None:
    """The core's "claim_edited" event (edited, split, merged, discarded, restored, undone).

    A restatement changes what the claim says, a split makes a new claim, a merge or a discard takes
    one out: whatever of the claim's article went stale (stale_claim_ids; a kind-only edit changes
    nothing) is re-indexed and matched again,
    right away (a few claims: a bounded number of queries, unlike a whole article's import), unless
    FACTCHECK_MATCH_ON_IMPORT is "off".
    """
    if getattr(settings, "FACTCHECK_MATCH_ON_IMPORT", "background") == "off":
        return
    refresh_claims(article_id)


def match_imported_article(article_id: int) -> None:
    """The core's "article_imported" event: match a newly imported article.

    FACTCHECK_MATCH_ON_IMPORT: "background" (default) enqueues a `match_claims` background job
    (claims.jobs) for the new article, so the import answers as fast as without matching;
    "inline" matches before the import call returns (the test suite); "off" leaves it to
    `manage.py match_claims`.
    """
    from django.apps import apps

    mode = getattr(settings, "FACTCHECK_MATCH_ON_IMPORT", "background")
    if mode == "off":
        return
    if mode == "inline" or not apps.is_installed("claims.jobs"):
        match_article(article_id)
        return
    from claims.jobs.services import enqueue_job

    enqueue_job(kind="match_claims", actor=None, params={"article_id": article_id})


def match_claims_job(*, progress: Progress, article_id: int | None = None) -> dict[str, int]:
    """`manage.py match_claims` as a background job (claims.jobs): the counts it found."""
    result = match_all_articles(article_id=article_id, progress=progress)
    return {"claims": result.claims, "suggested": result.suggested, "linked": result.linked}
