"""The desk's evidence rules (claims/services/policy.py): admins set them, every input is checked before
anything changes, and the rules carry a version like every other editable object."""

from __future__ import annotations

import pytest

from claims.errors import InvalidInput, PermissionDenied, StaleVersion
from claims.services.policy import review_policy_get, review_policy_snapshot, review_policy_update


def test_the_default_rules_need_one_source_and_no_tier(db):
    assert review_policy_snapshot(review_policy_get()) == {
        "minimum_distinct_sources": 1,
        "tier_rule_ratings": [],
        "tier_rule_tiers": [],
        "version": 1,
    }


def test_a_desk_following_the_two_source_rule_sets_it_once(admin_user):
    review_policy_update(
        actor=admin_user,
        minimum_distinct_sources=2,
        tier_rule_ratings=["true", "false"],
        tier_rule_tiers=["peer-reviewed", "academic-book"],
        expected_version=1,
    )
    assert review_policy_snapshot(review_policy_get()) == {
        "minimum_distinct_sources": 2,
        "tier_rule_ratings": ["false", "true"],
        "tier_rule_tiers": ["academic-book", "peer-reviewed"],
        "version": 2,
    }
    # The same rules again change nothing, not even the version.
    review_policy_update(actor=admin_user, minimum_distinct_sources=2, tier_rule_ratings=["false", "true"])
    assert review_policy_get().version == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minimum_distinct_sources": 0}, "The minimum number of distinct sources is at least 1."),
        ({"tier_rule_ratings": ["false", "pants-on-fire"]}, "Unknown tier rule ratings: pants-on-fire."),
        ({"tier_rule_tiers": ["tabloid"]}, "Unknown tier rule tiers: tabloid."),
    ],
)
def test_a_refused_change_changes_none_of_the_rules(admin_user, changes, message):
    before = review_policy_snapshot(review_policy_get())
    with pytest.raises(InvalidInput) as refused:
        review_policy_update(
            actor=admin_user,
            **{"minimum_distinct_sources": 3, "tier_rule_ratings": ["false"], "tier_rule_tiers": ["peer-reviewed"]}
            | changes,
        )
    assert refused.value.message == message
    assert review_policy_snapshot(review_policy_get()) == before


def test_a_stale_version_is_refused_with_the_current_rules(admin_user):
    review_policy_update(actor=admin_user, minimum_distinct_sources=2, expected_version=1)
    with pytest.raises(StaleVersion) as refused:
        review_policy_update(actor=admin_user, minimum_distinct_sources=3, expected_version=1)
    assert refused.value.current == {
        "minimum_distinct_sources": 2,
        "tier_rule_ratings": [],
        "tier_rule_tiers": [],
        "version": 2,
    }
    assert review_policy_get().minimum_distinct_sources == 2


@pytest.mark.parametrize("role", ["viewer", "reviewer", "editor"])
def test_only_admins_set_the_rules(users_by_role, role):
    with pytest.raises(PermissionDenied) as refused:
        review_policy_update(actor=users_by_role[role], tier_rule_tiers=["peer-reviewed"])
    assert refused.value.message == "Only admins change the evidence rules."
    assert review_policy_snapshot(review_policy_get())["tier_rule_tiers"] == []
