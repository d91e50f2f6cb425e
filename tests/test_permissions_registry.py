"""One permission module (claims.permissions): every action has one rule, and every caller asks it.

Two kinds of proof. Statically, no view, API module, admin, template tag or context processor
compares roles, groups, staff flags or record owners itself. Dynamically, when the registry's rule
for an action is replaced, the browser page, the API, the template context, the admin and the
service all follow it: none of them decides on its own.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from claims import permissions
from claims.errors import PermissionDenied
from claims.models import Evidence, Source
from claims.permissions import RULES, Action, allows
from claims.services.reviews import claim_transition, evidence_add, evidence_update
from claims.services.sources import source_update
from claims.workflow import WorkflowAction
from tests.api.conftest import problem_of, token_client
from tests.services.helpers import claim_for, make_article, make_source

ROOT = Path(__file__).resolve().parent.parent
FURNACES = "The corpses were burned in mine furnaces."

# The modules that answer people: views, API, admin, template helpers.
CALLERS = sorted(
    {
        *ROOT.glob("claims/views/*.py"),
        *ROOT.glob("claims/api/**/*.py"),
        *ROOT.glob("claims/admin.py"),
        *ROOT.glob("claims/*/admin.py"),
        *ROOT.glob("claims/*/views.py"),
        *ROOT.glob("claims/*/api.py"),
        *ROOT.glob("claims/context_processors.py"),
        *ROOT.glob("claims/templatetags/*.py"),
        *ROOT.glob("claims/*/templatetags/*.py"),
    }
)
ROLE_PREDICATES = {
    "is_editor",
    "is_admin",
    "can_edit_claims",
    "can_read",
    "has_any_role",
    "Role",
    "ALL_ROLES",
    "REVIEWER_ROLES",
    "EDITOR_ROLES",
    "ADMIN_ROLES",
}
STAFF_ATTRIBUTES = {"is_staff", "is_superuser", "groups"}
OWNER_ATTRIBUTES = {"created_by_id", "added_by_id", "submitted_by_id", "author_id"}


def own_decisions(path: Path) -> list[str]:
    """Every place in a caller module that decides "who may" without claims.permissions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "claims.roles":
            allowed = {"roles_cache_set"} | ({"user_roles"} if path.name == "context_processors.py" else set())
            found += [f"imports {alias.name}" for alias in node.names if alias.name not in allowed]
        elif isinstance(node, ast.Attribute) and node.attr in STAFF_ATTRIBUTES:
            found.append(f".{node.attr} at line {node.lineno}")
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Attribute) and side.attr in OWNER_ATTRIBUTES for side in sides):
                found.append(f"owner comparison at line {node.lineno}")
    return [f"{path.relative_to(ROOT)}: {item}" for item in found]


def test_every_action_has_exactly_one_rule():
    assert set(RULES) == set(Action)
    assert all(callable(rule) for rule in RULES.values())


def test_the_workflow_actions_are_one_enum_and_each_is_a_permission_action():
    assert {action.value for action in WorkflowAction} <= {action.value for action in Action}


def test_no_caller_decides_who_may_on_its_own():
    assert len(CALLERS) > 30
    assert [decision for path in CALLERS for decision in own_decisions(path)] == []


def test_every_action_is_asked_by_some_caller():
    """No dead rules: each action is named outside claims/permissions.py (or in a template as may.<action>)."""
    sources = "\n".join(
        path.read_text(encoding="utf-8") for path in ROOT.glob("claims/**/*.py") if path.name != "permissions.py"
    )
    templates = "\n".join(path.read_text(encoding="utf-8") for path in ROOT.glob("**/templates/**/*.html"))
    workflow_asked = "permitted_transitions(" in sources  # the panel and the API ask each workflow action's rule
    unasked = [
        action
        for action in Action
        if f"Action.{action.name}" not in sources
        and f"may.{action.value}" not in templates
        and not (action.value in WorkflowAction.values and workflow_asked)
    ]
    assert unasked == []


# --------------------------------------------------------------------------- the rules, as the product says


@pytest.mark.django_db
def test_the_rules_follow_the_roles(viewer, reviewer, editor, admin_user, django_user_model):
    no_role_user = django_user_model.objects.create_user(username="nora_nobody")
    people = {"none": no_role_user, "viewer": viewer, "reviewer": reviewer, "editor": editor, "admin": admin_user}
    allowed = {name: {action for action in Action if allows(user, action)} for name, user in people.items()}
    assert allowed["none"] == set()
    assert allowed["viewer"] == {Action.READ}
    assert allowed["reviewer"] == {
        Action.READ,
        Action.EDIT_CLAIMS,
        Action.ASSIGN,
        Action.EDIT_EVIDENCE,
        Action.START,
        Action.SUBMIT,
        Action.EDIT_SOURCE,
        Action.EDIT_ARTICLE,
    }
    assert allowed["editor"] == set(Action) - {Action.CONFIGURE_DESK, Action.USE_ADMIN}
    assert allowed["admin"] == set(Action)
    assert allows(None, Action.READ) is False


@pytest.mark.django_db
def test_ownership_is_decided_per_object(reviewer, second_reviewer, editor):
    article = make_article(actor=editor)
    claim = claim_for(article, reviewer, FURNACES)
    claim_transition(actor=reviewer, claim_id=claim.pk, action=WorkflowAction.START)
    evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    assert allows(reviewer, Action.EDIT_EVIDENCE, evidence) is True
    assert allows(second_reviewer, Action.EDIT_EVIDENCE, evidence) is False
    assert allows(editor, Action.EDIT_EVIDENCE, evidence) is True
    source = Source.objects.create(csl_type="book", title="Notes", created_by=second_reviewer, is_vetted=False)
    assert allows(second_reviewer, Action.EDIT_SOURCE, source) is True
    assert allows(reviewer, Action.EDIT_SOURCE, source) is False


# --------------------------------------------------------------------------- every caller follows the registry


@pytest.fixture
def refuse(monkeypatch):
    """Replace the registry's rule for one action by "nobody may"."""

    def replace(action: Action) -> None:
        monkeypatch.setitem(permissions.RULES, action, lambda user, obj=None: False)

    return replace


def browser(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_reading_refused_by_the_registry_closes_the_pages_and_the_api(refuse, viewer):
    assert browser(viewer).get(reverse("dashboard")).status_code == 200
    assert token_client(viewer).get("/api/claims/").status_code == 200
    refuse(Action.READ)
    assert browser(viewer).get(reverse("dashboard")).status_code == 403
    refused = token_client(viewer).get("/api/claims/")
    assert refused.status_code == 403
    assert problem_of(refused)["code"] == "no_role"


@pytest.mark.django_db
def test_evidence_ownership_refused_by_the_registry_stops_the_api_the_page_and_the_service(refuse, reviewer, editor):
    article = make_article(actor=editor)
    claim = claim_for(article, reviewer, FURNACES)
    claim_transition(actor=reviewer, claim_id=claim.pk, action=WorkflowAction.START)
    evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    panel = browser(reviewer).get(reverse("claim-panel", args=[claim.pk]), HTTP_HX_REQUEST="true")
    assert reverse("evidence-edit", args=[evidence.pk]) in panel.content.decode()

    refuse(Action.EDIT_EVIDENCE)
    api = token_client(reviewer).patch(
        f"/api/evidence/{evidence.pk}/", {"stance": "supports"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert api.status_code == 403
    panel = browser(reviewer).get(reverse("claim-panel", args=[claim.pk]), HTTP_HX_REQUEST="true")
    assert reverse("evidence-edit", args=[evidence.pk]) not in panel.content.decode()
    # The service asks the same rule (through the ownership helper) for someone else's evidence.
    with pytest.raises(PermissionDenied):
        evidence_update(actor=editor, evidence_id=evidence.pk, expected_version=1, stance="supports")
    assert Evidence.objects.get(pk=evidence.pk).stance == "refutes"


@pytest.mark.django_db
def test_source_rules_refused_by_the_registry_hide_the_forms_and_stop_the_service(refuse, editor):
    source = make_source()
    page = browser(editor).get(reverse("source-detail", args=[source.pk])).content.decode()
    assert reverse("source-action", args=[source.pk]) in page
    refuse(Action.MANAGE_SOURCES)
    refuse(Action.EDIT_SOURCE)
    page = browser(editor).get(reverse("source-detail", args=[source.pk])).content.decode()
    assert reverse("source-action", args=[source.pk]) not in page
    assert token_client(editor).post(f"/api/sources/{source.pk}/vet/", {}, format="json").status_code == 403
    with pytest.raises(PermissionDenied):
        source_update(actor=editor, source_id=source.pk, expected_version=source.version, data={"pages": "1"})


@pytest.mark.django_db
def test_the_template_context_and_the_admin_ask_the_registry(refuse, admin_user):
    admin_user.is_staff = True
    admin_user.save(update_fields=["is_staff"])
    client = browser(admin_user)
    page = client.get(reverse("dashboard"))
    assert page.context["may"].publish is True
    assert page.context["is_admin"] is True
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 200
    refuse(Action.USE_ADMIN)
    refuse(Action.PUBLISH)
    page = client.get(reverse("dashboard"))
    assert page.context["may"].publish is False
    assert page.context["is_admin"] is False
    assert reverse("admin:index") not in page.content.decode()
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 403


@pytest.mark.django_db
def test_the_workflow_buttons_ask_the_registry(refuse, reviewer, editor):
    article = make_article(actor=editor)
    claim = claim_for(article, reviewer, FURNACES)
    panel = browser(reviewer).get(reverse("claim-panel", args=[claim.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert f'data-action="{WorkflowAction.START}"' in panel
    refuse(Action.START)
    panel = browser(reviewer).get(reverse("claim-panel", args=[claim.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert f'data-action="{WorkflowAction.START}"' not in panel
