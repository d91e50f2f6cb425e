"""Writes on one claim from its panel: edit, split, merge, discard, restore, assign, workflow
transitions, evidence. Every one has the same shape (`_claim_action`): fetch the claim the
person may read, validate the form, make one service call, then redirect back to the claim or
re-render the workspace with the refusal explained and the input kept. A stale version
(StaleVersion, 412) shows the other person's values beside the person's own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from claims import forms as web_forms
from claims.actors import actor_of
from claims.errors import DomainError, InvalidInput, StaleVersion
from claims.models import Claim
from claims.permissions import Action, allows
from claims.selectors.claims import claim_get_for_user
from claims.selectors.workspace import evidence_claim_id, sources_matching
from claims.services import claims as claim_services
from claims.services import reviews as review_services
from claims.views.common import form_error_text, post_only, role_required, workspace_url
from claims.views.workspace import render_workspace_error
from claims.workflow import WorkflowAction


def _to_claim(claim_id: int, **_: Any) -> str:
    return reverse("claim-detail", args=[claim_id])


def _to_evidence_claim(evidence_id: int, **_: Any) -> str:
    return reverse("evidence-claim", args=[evidence_id])


TRANSITION_DONE: dict[str, str] = {
    WorkflowAction.START: "Review started.",
    WorkflowAction.SUBMIT: "Verdict submitted for approval.",
    WorkflowAction.APPROVE: "Verdict approved.",
    WorkflowAction.REQUEST_CHANGES: "Sent back to the reviewer.",
    WorkflowAction.REOPEN: "Claim reopened.",
}


def _claim_action(
    request: HttpRequest,
    claim_id: int,
    *,
    form_key: str,
    form_class: type[Any],
    perform: Callable[[Claim, dict[str, Any]], Any],
    success: str,
) -> HttpResponse:
    """Shared shape of every claim-panel POST: fetch, validate, one service call, redirect or explain."""
    claim = claim_get_for_user(user=request.user, claim_id=claim_id)
    form = form_class(request.POST)
    bound = {form_key: form}

    def refuse(message: str, status: int, conflict: dict[str, Any] | None = None) -> HttpResponse:
        return render_workspace_error(
            request,
            claim,
            claim.article_id,
            message=message,
            status=status,
            bound=bound,
            form_key=form_key,
            conflict=conflict,
        )

    if not allows(request.user, Action.EDIT_CLAIMS):
        return refuse("Only a reviewer, editor or admin may do this.", 403)
    if not form.is_valid():
        return refuse(form_error_text(form), 400)
    try:
        result = perform(claim, form.cleaned_data)
    except StaleVersion as error:
        return refuse(error.message, error.status_code, conflict=error.current or {"note": "reload"})
    except DomainError as error:
        return refuse(error.message, error.status_code)
    messages.success(request, success)
    target = result if isinstance(result, Claim) else claim
    if isinstance(result, tuple) and result and isinstance(result[0], Claim):
        target = result[0]
    return redirect(
        workspace_url(claim.article_id, target.pk, status=request.GET.get("status"), kind=request.GET.get("kind"))
    )


@role_required
def claim_redirect(request: HttpRequest, claim_id: int) -> HttpResponse:
    """/claims/N/ opens the claim in its article's workspace."""
    claim = claim_get_for_user(user=request.user, claim_id=claim_id)
    return redirect(workspace_url(claim.article_id, claim.pk))


@role_required
@post_only(_to_claim)
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return claim_services.claim_update(
            actor=actor_of(request),
            claim_id=claim.pk,
            expected_version=data["version"],
            restatement=data["restatement"],
            kind=data["kind"],
        )

    return _claim_action(
        request, claim_id, form_key="edit", form_class=web_forms.ClaimEditForm, perform=perform, success="Claim saved."
    )


@role_required
@post_only(_to_claim)
def claim_split(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Any:
        # The form counts code points from the start of the quote; the service wants a body offset.
        return claim_services.claim_split(
            actor=actor_of(request),
            claim_id=claim.pk,
            position=claim.start + data["position"],
            expected_version=data.get("version"),
        )

    return _claim_action(
        request,
        claim_id,
        form_key="split",
        form_class=web_forms.ClaimSplitForm,
        perform=perform,
        success="Claim split in two.",
    )


@role_required
@post_only(_to_claim)
def claim_merge(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return claim_services.claim_merge(
            actor=actor_of(request),
            claim_id=claim.pk,
            other_claim_id=data["other_claim_id"],
            expected_version=data.get("version"),
        )

    return _claim_action(
        request,
        claim_id,
        form_key="merge",
        form_class=web_forms.ClaimMergeForm,
        perform=perform,
        success="Claims merged.",
    )


@role_required
@post_only(_to_claim)
def claim_discard(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return claim_services.claim_discard(
            actor=actor_of(request),
            claim_id=claim.pk,
            comment=data.get("comment") or "",
            expected_version=data.get("version"),
        )

    return _claim_action(
        request,
        claim_id,
        form_key="discard",
        form_class=web_forms.ClaimVersionForm,
        perform=perform,
        success="Claim discarded (it stays in the history and can be restored).",
    )


@role_required
@post_only(_to_claim)
def claim_restore(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return claim_services.claim_restore(
            actor=actor_of(request),
            claim_id=claim.pk,
            comment=data.get("comment") or "",
            expected_version=data.get("version"),
        )

    return _claim_action(
        request,
        claim_id,
        form_key="restore",
        form_class=web_forms.ClaimVersionForm,
        perform=perform,
        success="Claim restored.",
    )


@role_required
@post_only(_to_claim)
def claim_undo(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Undo the claim's last split, merge, discard, restore or text edit (claims.services.claims.claim_undo)."""

    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return claim_services.claim_undo(
            actor=actor_of(request), claim_id=claim.pk, expected_version=data.get("version")
        )

    return _claim_action(
        request,
        claim_id,
        form_key="undo",
        form_class=web_forms.ClaimVersionForm,
        perform=perform,
        success="Last edit undone.",
    )


@role_required
@post_only(_to_claim)
def claim_assign(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Editors assign anyone with a reviewing role; reviewers take an unassigned claim (the service decides).

    The page's version goes along, so reassigning from a stale page shows who changed the claim
    (412) instead of silently overriding another editor's assignment.
    """

    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return claim_services.claim_assign(
            actor=actor_of(request),
            claim_id=claim.pk,
            assignee_id=data.get("assignee"),
            expected_version=data.get("version"),
        )

    return _claim_action(
        request,
        claim_id,
        form_key="assign",
        form_class=web_forms.ClaimAssignForm,
        perform=perform,
        success="Assignment saved.",
    )


@role_required
@post_only(_to_claim)
def claim_transition(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Start, submit, approve, request changes, reopen: the workflow table decides (409/403 explained)."""

    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return review_services.claim_transition(
            actor=actor_of(request),
            claim_id=claim.pk,
            action=data["action"],
            rating=data.get("rating") or None,
            rationale=data.get("rationale") or "",
            confidence=data.get("confidence") or None,
            comment=data.get("comment") or "",
            verdict_id=data.get("verdict_id"),
            expected_version=data.get("version"),
            correction=data.get("correction") or "",
        )

    return _claim_action(
        request,
        claim_id,
        form_key="transition",
        form_class=web_forms.TransitionForm,
        perform=perform,
        success=TRANSITION_DONE.get(request.POST.get("action", ""), "Done."),
    )


@role_required
@post_only(_to_claim)
def evidence_add(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Attach a source: picked in the typeahead (source_id), or without JavaScript, the one source the text matches."""

    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        source_id = data.get("source_id")
        if not source_id:
            matches = sources_matching(query=data["source_query"].strip(), limit=2)
            if len(matches) != 1:
                found = "no source" if not matches else "several sources"
                raise InvalidInput(
                    f"“{data['source_query']}” matches {found} in the library; pick one from the list "
                    "or add a new source."
                )
            source_id = matches[0].pk
        review_services.evidence_add(
            actor=actor_of(request),
            claim_id=claim.pk,
            source_id=source_id,
            stance=data["stance"],
            locator=data.get("locator") or "",
            quote=data.get("quote") or "",
            note=data.get("note") or "",
        )
        return claim

    return _claim_action(
        request,
        claim_id,
        form_key="evidence",
        form_class=web_forms.EvidenceForm,
        perform=perform,
        success="Evidence attached.",
    )


@role_required
@post_only(_to_evidence_claim)
def evidence_remove(request: HttpRequest, evidence_id: int) -> HttpResponse:
    claim_id = evidence_claim_id(evidence_id=evidence_id)

    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        review_services.evidence_remove(
            actor=actor_of(request), evidence_id=evidence_id, expected_version=data.get("version")
        )
        return claim

    return _claim_action(
        request,
        claim_id,
        form_key="evidence_remove",
        form_class=web_forms.EvidenceRemoveForm,
        perform=perform,
        success="Evidence removed.",
    )


@role_required
@post_only(_to_evidence_claim)
def evidence_edit(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """Change stance, locator, quoted passage or note; a stale version (412) shows the current values."""
    claim_id = evidence_claim_id(evidence_id=evidence_id)

    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        review_services.evidence_update(
            actor=actor_of(request),
            evidence_id=evidence_id,
            expected_version=data["version"],
            stance=data["stance"],
            locator=data.get("locator") or "",
            quote=data.get("quote") or "",
            note=data.get("note") or "",
        )
        return claim

    return _claim_action(
        request,
        claim_id,
        form_key=f"evidence_edit_{evidence_id}",
        form_class=web_forms.EvidenceEditForm,
        perform=perform,
        success="Evidence saved.",
    )


@role_required
def evidence_claim_redirect(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """/evidence/N/ opens the claim the evidence belongs to (where its forms live)."""
    claim_id = evidence_claim_id(evidence_id=evidence_id)
    return redirect(reverse("claim-detail", args=[claim_id]))
