"""The verdict scale: the default of docs/PRODUCT.md comes from a data migration, and only admins change it
(claims/services/scale.py), without ever rewriting what past verdicts said."""

from __future__ import annotations

import pytest

from claims.errors import Conflict, InvalidInput, NotFound, PermissionDenied, StaleVersion
from claims.models import VerdictRating
from claims.services.reviews import claim_transition
from claims.services.scale import rating_create, rating_update
from tests.services.helpers import bring_to, claim_for

FURNACES = "The corpses were burned in mine furnaces."
SATIRE = {"slug": "satire", "label": "Satire", "description": "Meant as a joke.", "order": 85, "colour": "#123abc"}


def scale_rows() -> list[tuple]:
    return list(
        VerdictRating.objects.order_by("order", "id").values_list(
            "slug", "label", "order", "colour", "schema_rating_value", "requires_evidence", "is_active", "version"
        )
    )


def test_the_default_scale_is_the_one_of_the_product_brief(db):
    assert scale_rows() == [
        ("true", "True", 10, "#2e7d32", 5, True, True, 1),
        ("mostly-true", "Mostly true", 20, "#689f38", 4, True, True, 1),
        ("mixed", "Mixed", 30, "#f9a825", 3, True, True, 1),
        ("mostly-false", "Mostly false", 40, "#ef6c00", 2, True, True, 1),
        ("false", "False", 50, "#c62828", 1, True, True, 1),
        # Every rating has a ClaimReview ratingValue (issue 12): misleading with mostly false, and the
        # two that judge no truth in the middle of the scale.
        ("misleading", "Misleading", 60, "#8e24aa", 2, True, True, 1),
        ("unproven", "Unproven", 70, "#546e7a", 3, True, True, 1),
        ("not-checkable", "Not checkable", 80, "#9e9e9e", 3, False, True, 1),
    ]


def test_an_admin_adds_a_rating_to_the_scale(admin_user):
    rating = rating_create(actor=admin_user, data={**SATIRE, "schema_rating_value": None, "requires_evidence": False})
    stored = VerdictRating.objects.get(pk=rating.pk)
    assert (stored.slug, stored.label, stored.description, stored.order, stored.colour, stored.version) == (
        "satire",
        "Satire",
        "Meant as a joke.",
        85,
        "#123abc",
        1,
    )
    assert [row[0] for row in scale_rows()][-2:] == ["not-checkable", "satire"]


@pytest.mark.parametrize("role", ["viewer", "reviewer", "editor"])
def test_only_admins_change_the_scale(users_by_role, role):
    before = scale_rows()
    false = VerdictRating.objects.get(slug="false")
    with pytest.raises(PermissionDenied) as refused:
        rating_create(actor=users_by_role[role], data=SATIRE)
    assert refused.value.message == "Only admins change the verdict scale."
    with pytest.raises(PermissionDenied):
        rating_update(actor=users_by_role[role], rating_id=false.pk, data={"label": "Fake"})
    assert scale_rows() == before


def test_a_slug_is_used_once(admin_user):
    rating_create(actor=admin_user, data=SATIRE)
    before = scale_rows()
    with pytest.raises(Conflict) as refused:
        rating_create(actor=admin_user, data={**SATIRE, "label": "Satire again"})
    assert (refused.value.status_code, refused.value.message) == (409, "The scale already has a rating 'satire'.")
    unproven = VerdictRating.objects.get(slug="unproven")
    with pytest.raises(Conflict):
        rating_update(actor=admin_user, rating_id=unproven.pk, data={"slug": "satire"})
    assert scale_rows() == before


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"colour": "red"}, "colour", "The colour must be a hex colour like #2e7d32; got 'red'."),
        ({"schema_rating_value": 6}, "schema_rating_value", "The ClaimReview rating value is 1 (worst) to 5 (best)"),
        ({"schema_rating_value": 0}, "schema_rating_value", "The ClaimReview rating value is 1 (worst) to 5 (best)"),
        ({"label": ""}, "label", "Invalid input. label:"),
        ({"slug": "not a slug"}, "slug", "Invalid input. slug:"),
        ({"version": 7}, "version", "A rating has no editable field version"),
    ],
)
def test_invalid_values_are_refused_and_change_nothing(admin_user, data, field, message):
    before = scale_rows()
    false = VerdictRating.objects.get(slug="false")
    with pytest.raises(InvalidInput) as refused:
        rating_update(actor=admin_user, rating_id=false.pk, data=data)
    assert refused.value.message.startswith(message)
    assert list(refused.value.fields) == [field]
    with pytest.raises(InvalidInput):
        rating_create(actor=admin_user, data={**SATIRE, **data})
    assert scale_rows() == before


def test_an_edit_bumps_the_version_and_a_stale_one_is_refused_with_the_current_values(admin_user):
    false = VerdictRating.objects.get(slug="false")
    rating_update(actor=admin_user, rating_id=false.pk, data={"colour": "#b71c1c"}, expected_version=1)
    before = scale_rows()
    with pytest.raises(StaleVersion) as refused:
        rating_update(actor=admin_user, rating_id=false.pk, data={"label": "Wrong"}, expected_version=1)
    assert refused.value.status_code == 412
    assert (refused.value.current["colour"], refused.value.current["version"]) == ("#b71c1c", 2)
    assert scale_rows() == before
    assert before[4] == ("false", "False", 50, "#b71c1c", 1, True, True, 2)


def test_sending_the_current_values_changes_nothing(admin_user):
    false = VerdictRating.objects.get(slug="false")
    rating = rating_update(actor=admin_user, rating_id=false.pk, data={"label": "False", "colour": "#c62828"})
    assert rating.version == 1


def test_an_unknown_rating_is_404(admin_user):
    with pytest.raises(NotFound):
        rating_update(actor=admin_user, rating_id=999999, data={"label": "Gone"})


def test_the_slug_of_a_rating_in_use_is_fixed_but_its_label_may_change(article, reviewer, editor, admin_user):
    bring_to(claim_for(article, reviewer, FURNACES), "approved", reviewer=reviewer, editor=editor, rating="false")
    false = VerdictRating.objects.get(slug="false")
    with pytest.raises(Conflict) as refused:
        rating_update(actor=admin_user, rating_id=false.pk, data={"slug": "fake"})
    assert refused.value.code == "rating_in_use"
    assert VerdictRating.objects.get(pk=false.pk).slug == "false"

    relabelled = rating_update(actor=admin_user, rating_id=false.pk, data={"label": "Fabricated"})
    assert (relabelled.slug, relabelled.label, relabelled.version) == ("false", "Fabricated", 2)
    unused = VerdictRating.objects.get(slug="misleading")
    assert rating_update(actor=admin_user, rating_id=unused.pk, data={"slug": "deceptive"}).slug == "deceptive"


def test_a_retired_rating_keeps_its_verdicts_but_cannot_be_chosen_again(article, reviewer, editor, admin_user):
    claim = bring_to(claim_for(article, reviewer, FURNACES), "approved", reviewer=reviewer, editor=editor)
    false = VerdictRating.objects.get(slug="false")
    rating_update(actor=admin_user, rating_id=false.pk, data={"is_active": False})
    claim_transition(actor=editor, claim_id=claim.pk, action="reopen", comment="Recheck.")
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="Still no.")
    assert refused.value.message.startswith("Unknown rating 'false'; choose one from the scale: true, mostly-true")
    assert claim.verdicts.get().rating.slug == "false"
