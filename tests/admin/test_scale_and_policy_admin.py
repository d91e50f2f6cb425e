"""The verdict scale and the desk's evidence rules in the admin: saved through claims.services.scale and
claims.services.policy, versioned, and a refused save shows why and changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from claims.models import ReviewPolicy, VerdictRating
from claims.services.policy import review_policy_get
from claims.services.scale import rating_update
from tests.admin.conftest import form_data, shown_messages
from tests.services.helpers import bring_to, claim_for

pytestmark = pytest.mark.django_db

FURNACES = "The corpses were burned in mine furnaces."


def rating_url(rating: VerdictRating) -> str:
    return reverse("admin:claims_verdictrating_change", args=[rating.pk])


def test_the_scale_list_has_no_inline_editing(admin_client_for):
    response = admin_client_for.get(reverse("admin:claims_verdictrating_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].list_editable == ()
    assert 'name="form-0-order"' not in response.content.decode()


def test_a_label_change_goes_through_rating_update_and_bumps_the_version(admin_client_for):
    rating = VerdictRating.objects.get(slug="mostly-false")
    url = rating_url(rating)
    response = admin_client_for.post(url, form_data(admin_client_for, url, label="Largely false"), follow=True)

    rating.refresh_from_db()
    assert (rating.label, rating.version) == ("Largely false", 2)
    assert any("was changed successfully" in message for message in shown_messages(response))
    page = admin_client_for.get(url).content.decode()
    assert '<div class="readonly">2</div>' in page  # the version, shown read-only


def test_the_slug_of_a_used_rating_cannot_change_and_nothing_looks_saved(admin_client_for, article, reviewer, editor):
    bring_to(claim_for(article, reviewer, FURNACES), "submitted", reviewer=reviewer, editor=editor, rating="false")
    rating = VerdictRating.objects.get(slug="false")
    url = rating_url(rating)
    response = admin_client_for.post(url, form_data(admin_client_for, url, slug="wrong", label="Wrong"), follow=True)

    rating.refresh_from_db()
    assert (rating.slug, rating.label, rating.version) == ("false", "False", 1)
    assert shown_messages(response) == [
        "The slug of 'False' cannot change: verdicts use it, and their history names it 'false'. "
        "Retire this rating (is_active off) and add a new one instead."
    ]
    assert response.redirect_chain == [(url, 302)]
    assert not LogEntry.objects.filter(object_id=str(rating.pk)).exists()


def test_a_stale_rating_form_is_refused(admin_client_for, admin_user):
    rating = VerdictRating.objects.get(slug="mixed")
    url = rating_url(rating)
    data = form_data(admin_client_for, url, colour="#000000")
    rating_update(actor=admin_user, rating_id=rating.pk, data={"colour": "#ff8800"}, expected_version=1)

    response = admin_client_for.post(url, data, follow=True)

    rating.refresh_from_db()
    assert (rating.colour, rating.version) == ("#ff8800", 2)
    assert shown_messages(response) == [
        "This rating was changed by someone else since you loaded it (you edited version 1, the current "
        "version is 2). Review the current values and apply your change again."
    ]


def test_an_admin_adds_a_rating_through_rating_create(admin_client_for):
    url = reverse("admin:claims_verdictrating_add")
    data = form_data(
        admin_client_for,
        url,
        slug="satire",
        label="Satire",
        order="90",
        colour="#6a1b9a",
        requires_evidence=None,
        is_active="on",
    )
    response = admin_client_for.post(url, data, follow=True)

    satire = VerdictRating.objects.get(slug="satire")
    assert (satire.label, satire.order, satire.colour, satire.schema_rating_value) == ("Satire", 90, "#6a1b9a", None)
    assert (satire.requires_evidence, satire.is_active, satire.version) == (False, True, 1)
    assert any("was added successfully" in message for message in shown_messages(response))


def test_a_rating_value_outside_the_claimreview_range_is_refused_by_the_service(admin_client_for):
    url = reverse("admin:claims_verdictrating_add")
    data = form_data(admin_client_for, url, slug="odd", label="Odd", colour="#123456", schema_rating_value="9")
    response = admin_client_for.post(url, data, follow=True)
    assert not VerdictRating.objects.filter(slug="odd").exists()
    assert shown_messages(response) == [
        "The ClaimReview rating value is 1 (worst) to 5 (best), or empty for none; got 9."
    ]


def test_ratings_are_retired_never_deleted(admin_client_for):
    rating = VerdictRating.objects.get(slug="mixed")
    assert reverse("admin:claims_verdictrating_delete", args=[rating.pk]) not in (
        admin_client_for.get(rating_url(rating)).content.decode()
    )
    assert (
        admin_client_for.post(
            reverse("admin:claims_verdictrating_delete", args=[rating.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert VerdictRating.objects.filter(pk=rating.pk).exists()


def policy_url() -> str:
    return reverse("admin:claims_reviewpolicy_change", args=[review_policy_get().pk])


def test_the_two_source_rule_and_a_tier_rule_go_through_review_policy_update(admin_client_for):
    false = VerdictRating.objects.get(slug="false")
    tiers = ["academic-book", "peer-reviewed"]
    from claims.models import ReliabilityTier

    tier_ids = [str(pk) for pk in ReliabilityTier.objects.filter(slug__in=tiers).values_list("pk", flat=True)]
    url = policy_url()
    data = form_data(
        admin_client_for,
        url,
        minimum_distinct_sources="2",
        tier_rule_ratings=[str(false.pk)],
        tier_rule_tiers=tier_ids,
    )
    response = admin_client_for.post(url, data, follow=True)

    policy = ReviewPolicy.objects.get()
    assert (policy.minimum_distinct_sources, policy.version) == (2, 2)
    assert list(policy.tier_rule_ratings.values_list("slug", flat=True)) == ["false"]
    assert sorted(policy.tier_rule_tiers.values_list("slug", flat=True)) == tiers
    assert any("was changed successfully" in message for message in shown_messages(response))


def test_a_minimum_of_zero_sources_is_refused_and_changes_nothing(admin_client_for):
    url = policy_url()
    response = admin_client_for.post(url, form_data(admin_client_for, url, minimum_distinct_sources="0"), follow=True)
    policy = ReviewPolicy.objects.get()
    assert (policy.minimum_distinct_sources, policy.version) == (1, 1)
    assert shown_messages(response) == ["The minimum number of distinct sources is at least 1."]


def test_the_policy_is_one_row_without_add_or_delete(admin_client_for):
    policy = review_policy_get()
    changelist = admin_client_for.get(reverse("admin:claims_reviewpolicy_changelist"))
    assert [row.pk for row in changelist.context["cl"].result_list] == [policy.pk]
    assert changelist.context["has_add_permission"] is False
    assert admin_client_for.get(reverse("admin:claims_reviewpolicy_add")).status_code == 403
    assert (
        admin_client_for.post(
            reverse("admin:claims_reviewpolicy_delete", args=[policy.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert ReviewPolicy.objects.filter(pk=policy.pk).exists()
