"""The job kinds this project ships: reports, article imports, source-library imports.

Each is a thin adapter from JSON parameters to the plain function that does the work (the same
function the request path calls for small inputs). Other capabilities register theirs with
`claims.jobs.registry.register_job_kind` (see docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from claims.jobs.registry import JobFile, JobLink, Progress, register_job_kind


def report_job(
    *,
    progress: Progress,
    article_ids: list[int] | None,
    format: str,  # the API's ?format= name
    style: str = "apa",
    include_pending: bool = True,
    audience: str = "internal",
    actor: Any = None,
) -> JobFile:
    """One report file: one article, several, or (None) every article with an approved claim.

    `actor` (who asked) is the viewer for blind double review: their own open proposals show,
    nobody else's."""
    from claims.exports import export_article, export_articles

    progress(0, 1, "Loading the report")
    if article_ids is not None and len(article_ids) == 1:
        result = export_article(
            article_id=article_ids[0],
            format=format,
            style=style,
            include_pending=include_pending,
            audience=audience,
            progress=progress,
            viewer=actor,
        )
    else:
        result = export_articles(
            article_ids=article_ids,
            format=format,
            style=style,
            include_pending=include_pending,
            progress=progress,
            viewer=actor,
        )
    return JobFile(content=result.content, filename=result.filename, content_type=result.content_type)


def article_import_job(
    *,
    progress: Progress,
    actor: Any,
    input_bytes: bytes | None = None,
    filename: str = "",
    content_type: str = "",
    published: str | None = None,
    **fields: Any,
) -> JobLink:
    """An article import from pasted text (`text` in the parameters) or an uploaded file."""
    from claims.services.articles import article_import

    result = article_import(
        actor=actor,
        file_bytes=input_bytes,
        filename=filename,
        content_type=content_type,
        published=dt.date.fromisoformat(published) if published else None,
        progress=progress,
        **fields,
    )
    article_id = result.article.pk
    return JobLink(url=f"/api/articles/{article_id}/", page_url=f"/articles/{article_id}/")


def sources_import_job(*, progress: Progress, actor: Any, input_bytes: bytes, filename: str = "") -> dict[str, Any]:
    """A BibTeX / RIS / CSL-JSON library: created / duplicate / invalid per entry (result.json)."""
    from claims.services.sources import sources_import

    result = sources_import(actor=actor, data=input_bytes, filename=filename, progress=progress)
    return {
        "format": result.format,
        "created": [{"id": source.pk, "title": source.title} for source in result.created],
        "duplicates": [
            {
                "entry": str(item.get("entry", "")),
                "line": item.get("line"),
                "match": item["match"],
                "existing": {"id": item["existing"].pk, "title": item["existing"].title},
            }
            for item in result.duplicates
        ],
        "invalid": [
            {"entry": str(item.get("entry", "")), "line": item.get("line"), "reason": str(item.get("reason", ""))}
            for item in result.invalid
        ],
    }


def rescore_claims_job(*, progress: Progress, actor: Any, article_id: int | None = None) -> dict[str, Any]:
    """`manage.py rescore_claims` as a job: rescore the claims nobody edited or reviewed."""
    import dataclasses

    from claims.services.rescoring import claims_rescore

    result = claims_rescore(actor=actor, article_id=article_id, progress=progress)
    return dataclasses.asdict(result) if dataclasses.is_dataclass(result) else {"result": str(result)}


def register_builtin_kinds() -> None:
    register_job_kind("report", report_job, label="Report", needs_actor=True)
    register_job_kind("article_import", article_import_job, label="Article import", needs_actor=True)
    register_job_kind("sources_import", sources_import_job, label="Source library import", needs_actor=True)
    register_job_kind("rescore_claims", rescore_claims_job, label="Rescore claims", needs_actor=True)
