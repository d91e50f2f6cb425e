"""The research app's long work as background jobs (claims.jobs), and who hears of a retraction.

Connected in ResearchConfig.ready() when claims.jobs (and claims.collab) are installed:
- job kinds `check_retractions`, `check_links` and `source_snapshot`; the first two are periodic
  (claims.jobs.schedule: every FACTCHECK_RETRACTION_CHECK_HOURS / FACTCHECK_LINK_CHECK_HOURS, queued
  by the worker `make run` starts, paused while offline or with Crossref switched off);
- the snapshot of a newly cited web page is taken by a job instead of in the request that added
  the evidence (an outbound fetch never holds a web worker);
- a retraction found notifies the affected claims' assignees and every editor (claims.collab).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from claims import outbound
from claims.jobs.registry import Progress, register_job_kind
from claims.jobs.schedule import register_periodic_job


def _online() -> bool:
    return not outbound.is_offline()


def _crossref_on() -> bool:
    return outbound.service_enabled("crossref")


def _as_json(result: Any) -> Any:
    return dataclasses.asdict(result) if dataclasses.is_dataclass(result) and not isinstance(result, type) else result


def check_retractions_job(*, progress: Progress, actor: Any) -> Any:
    from claims.research.services import check_retractions

    return _as_json(check_retractions(progress=progress, actor=actor))


def check_links_job(*, progress: Progress) -> Any:
    from claims.research.services import check_links

    return _as_json(check_links(progress=progress))


def source_snapshot_job(*, progress: Progress, evidence_id: int, source_id: int, actor_id: int | None) -> Any:
    from claims.research.services import snapshot_on_evidence

    progress(0, 1, "Archiving the cited page")
    snapshot = snapshot_on_evidence(evidence_id=evidence_id, source_id=source_id, actor_id=actor_id)
    progress(1, 1, "Archived" if snapshot else "Nothing to archive")
    return {"snapshot": getattr(snapshot, "pk", None)}


def snapshot_in_background(*, evidence_id: int, source_id: int, actor_id: int | None) -> object:
    from claims.jobs.services import enqueue_job

    return enqueue_job(
        kind="source_snapshot",
        actor=None,
        params={"evidence_id": evidence_id, "source_id": source_id, "actor_id": actor_id},
    )


def notify_retraction(event: Any) -> None:
    """Tell each affected claim's assignee and every editor (claims.collab notifications), each with a
    link to act on: editors to the retraction report, an assignee to their (first) affected claim."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from claims.collab.services import notify
    from claims.models import Claim
    from claims.permissions import Action, allows

    user_ids = sorted({user_id for ids in event.recipients.values() for user_id in ids})
    if not user_ids:
        return
    text = event.message or f"“{event.source_title}” is now {event.status}."
    articles = dict(Claim.objects.filter(pk__in=list(event.recipients)).values_list("pk", "article_id"))
    report = reverse("research-retractions")
    by_url: dict[str, list[Any]] = {}
    for user in get_user_model().objects.filter(pk__in=user_ids).prefetch_related("groups"):
        if allows(user, Action.SEE_RETRACTIONS):
            url = report
        else:
            claim_id = min(claim for claim, ids in event.recipients.items() if user.pk in ids)
            url = f"{reverse('article-workspace', args=[articles[claim_id]])}?claim={claim_id}#claim-panel"
        by_url.setdefault(url, []).append(user)
    for url, people in by_url.items():
        notify(people, "retraction", text, url)


def connect() -> None:
    from django.apps import apps

    from claims.research import hooks, listeners

    register_job_kind("check_retractions", check_retractions_job, label="Retraction check", needs_actor=True)
    register_job_kind("check_links", check_links_job, label="Link check")
    register_job_kind("source_snapshot", source_snapshot_job, label="Archive a cited page")
    register_periodic_job("check_retractions", hours_setting="FACTCHECK_RETRACTION_CHECK_HOURS", active=_crossref_on)
    register_periodic_job("check_links", hours_setting="FACTCHECK_LINK_CHECK_HOURS", active=_online)
    listeners.SNAPSHOT_RUNNER = snapshot_in_background
    if apps.is_installed("claims.collab"):
        hooks.on_retraction_found(notify_retraction)
