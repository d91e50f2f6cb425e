"""Markdown report: metadata, summary by verdict, annotated text, claims, bibliography, history.

Every piece of text that comes from an article, claim, source or user goes through
`escape()`: &, < and > become entities (Python-Markdown and CommonMark both pass raw HTML
through, and only entities are inert in both), Markdown punctuation is backslash-escaped,
and line starts that would open a heading, list or quote are escaped too. Claims are
numbered in text order and the same number marks the claim in the annotated text.
"""

from __future__ import annotations

import re

from claims.exports.base import (
    ExportOptions,
    Writer,
    claims_for_readers,
    event_rating,
    iso_date,
    iso_minute,
    marked_citation,
    methodology,
    people_summary,
    split_at_markers,
    verdict_counts,
    verdict_history,
)
from claims.selectors.reports import ArticleReport, ClaimRow, Report, SourceRow, UserRow

INLINE_SPECIALS = re.compile(r"([\\`*_\[\]{}|#!])")
LINE_START_SPECIALS = re.compile(r"^(\s{0,3})([+\-]|\d+(?=[.)]))", re.MULTILINE)
STATUS_LABELS = {"unreviewed": "unreviewed", "in_review": "in review", "submitted": "submitted", "approved": "approved"}


def escape(text: str, *, at_line_start: bool = True) -> str:
    """Text that renders literally in Markdown and can never become HTML.

    at_line_start=False for a piece that continues a line: its first character cannot open a
    list or heading, so only the lines after its own newlines need the line-start escapes.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = INLINE_SPECIALS.sub(r"\\\1", text)
    if at_line_start:
        return LINE_START_SPECIALS.sub(_escape_line_start, text)
    head, newline, rest = text.partition("\n")
    return head + newline + LINE_START_SPECIALS.sub(_escape_line_start, rest) if newline else head


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    return indent + (marker + "\\" if marker.isdigit() else "\\" + marker)


def inline(text: str) -> str:
    """Escaped and on one line (for list items and table cells)."""
    return escape(" ".join(text.split()))


def paragraphs(text: str) -> str:
    return "\n\n".join(escape(line.strip()) for line in text.splitlines() if line.strip())


def person(user: UserRow | None) -> str:
    return inline(user.display_name) if user else "unknown"


def when(value: object) -> str:
    return iso_date(value)  # type: ignore[arg-type]


def annotated_body(article: ArticleReport, claims: tuple[ClaimRow, ...]) -> str:
    """The body, paragraph by paragraph, with a bold [n] after each claim's last character."""
    blocks = []
    for pieces in split_at_markers(article.body, claims):
        parts = []
        for index, (text, ending) in enumerate(pieces):
            parts.append(escape(text, at_line_start=index == 0))
            parts.append("".join(f" **\\[{claim.number}\\]**" for claim in ending))
        blocks.append("".join(parts).strip())
    return "\n\n".join(blocks)


def claim_section(claim: ClaimRow, article: ArticleReport) -> list[str]:
    lines = [f"### {claim.number}. {inline(claim.text_for_readers)}", ""]
    lines += [f"> {inline(claim.quote)}", ""]
    verdict = claim.current_verdict if claim.is_approved else None
    lines.append(f"- Kind: {claim.kind}")
    if verdict is None:
        lines.append(f"- Verdict: *Pending* ({STATUS_LABELS.get(claim.status, claim.status)})")
    else:
        lines.append(f"- Verdict: **{inline(verdict.rating.label)}**")
        lines.append(f"- Confidence: {verdict.confidence}")
        lines.append(f"- Reviewed by: {person(verdict.submitted_by)}, {when(verdict.submitted_at)}")
        lines.append(f"- Approved by: {person(verdict.approved_by)}, {when(verdict.approved_at)}")
    lines.append("")
    if verdict is not None:
        lines += ["**Rationale.**", "", paragraphs(verdict.rationale), ""]
    if claim.evidence:
        lines += ["**Evidence.**", ""]
        for index, item in enumerate(claim.evidence, start=1):
            text = f"{index}. *{item.stance.capitalize()}*"
            if item.locator:
                text += f", {inline(item.locator)}"
            if item.quote:
                text += f": “{inline(item.quote)}”"
            if item.note:
                text += f" ({inline(item.note)})"
            text += f" — {inline(marked_citation(article.source(item.source_id)))}"
            lines.append(text)
        lines.append("")
    if claim.corrections:
        lines += ["**Corrections.** Earlier approved verdicts, replaced since:", ""]
        for old in claim.corrections:
            lines.append(
                f"- {inline(old.rating.label)}, approved by {person(old.approved_by)} on {when(old.approved_at)}: "
                f"{inline(old.rationale)}"
            )
        lines.append("")
    if claim.correction_notes:
        lines += ["**Correction notes.**", ""]
        lines += [f"- {when(note.published_at)}: {inline(note.text)}" for note in claim.correction_notes]
        lines.append("")
    return lines


def bibliography(sources: tuple[SourceRow, ...]) -> list[str]:
    citations = sorted({marked_citation(source) for source in sources}, key=str.casefold)
    return [f"- {inline(citation)}" for citation in citations] or ["No sources cited."]


def people_table(claims: tuple[ClaimRow, ...]) -> list[str]:
    people = people_summary(claims)
    if not people:
        return ["No verdict approved yet."]
    rows = ["| Person | Verdicts proposed | Verdicts approved | From | To |", "| --- | ---: | ---: | --- | --- |"]
    rows += [f"| {inline(p.name)} | {p.submitted} | {p.approved} | {p.first} | {p.last} |" for p in people]
    return rows


def history(claims: tuple[ClaimRow, ...], labels: dict[str, str]) -> list[str]:
    lines = []
    for claim, event in verdict_history(claims):
        text = (
            f"- {iso_minute(event.created_at)}, claim {claim.number}: {event.action.replace('_', ' ')} "
            f"({STATUS_LABELS.get(event.from_status, event.from_status or '-')} → "
            f"{STATUS_LABELS.get(event.to_status, event.to_status or '-')}) by {person(event.actor)}"
        )
        rating = event_rating(event, labels)
        if rating:
            text += f", rating {inline(rating)}"
        if event.comment:
            text += f": {inline(event.comment)}"
        lines.append(text)
    return lines or ["No verdict was sent back, reopened or corrected."]


def article_section(article: ArticleReport, report: Report, options: ExportOptions) -> list[str]:
    claims = claims_for_readers(article, options)
    lines = [f"# Fact-check report: {inline(article.title)}", ""]
    metadata = [
        ("Article URL", inline(article.url) if article.url else ""),
        ("Publisher", inline(article.publisher)),
        ("Author", inline(article.author)),
        ("Published", when(article.published)),
        ("Language", inline(article.language)),
        ("Imported", when(article.imported_at)),
        ("Report generated", when(report.generated_at)),
        ("Text SHA-256", article.body_sha256),
    ]
    lines += [f"- {label}: {value}" for label, value in metadata if value]
    single = ExportOptions(style=options.style, include_pending=options.include_pending)
    one_article = Report(articles=(article,), ratings=report.ratings, generated_at=report.generated_at)
    lines += ["", "## Summary", "", "| Verdict | Claims |", "| --- | ---: |"]
    lines += [f"| {inline(label)} | {count} |" for _slug, label, count in verdict_counts(one_article, single)]
    lines += ["", "## Annotated article", "", annotated_body(article, claims), "", "## Claims", ""]
    for claim in claims:
        lines += claim_section(claim, article)
    if not claims:
        lines += ["No claims to report.", ""]
    cited = {item.source_id for claim in claims for item in claim.evidence}
    lines += ["## Bibliography", ""] + bibliography(tuple(s for s in article.sources if s.id in cited)) + [""]
    lines += ["## Reviewers and approvers", ""] + people_table(claims) + [""]
    lines += ["## History of verdict changes", ""] + history(claims, {r.slug: r.label for r in report.ratings}) + [""]
    return lines


def write(report: Report, options: ExportOptions) -> bytes:
    lines: list[str] = []
    for index, article in enumerate(report.articles):
        if index:
            lines += ["---", ""]
        lines += article_section(article, report, options)
    lines += ["## Methodology", "", paragraphs(methodology()), ""]
    return "\n".join(lines).encode("utf-8")


WRITER = Writer(
    name="md",
    label="Markdown report",
    button="Markdown",
    desk_position=3,
    content_type="text/markdown; charset=utf-8",
    extension="md",
    write=write,
)
