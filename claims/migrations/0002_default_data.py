"""Roles, the default verdict scale, reliability tiers and the review policy row."""

from django.db import migrations

ROLES = ["viewer", "reviewer", "editor", "admin"]

# slug, label, description, colour, ClaimReview ratingValue (5 best .. 1 worst), needs evidence.
# Every rating has a ratingValue (Google's ClaimReview asks for one): misleading sits with mostly
# false (2); unproven and not checkable, which judge no truth, sit in the middle (3) and their
# label says which they are (alternateName). bestRating 5 and worstRating 1 are the scale's ends.
SCALE = [
    ("true", "True", "The claim is accurate and nothing significant is missing.", "#2e7d32", 5, True),
    ("mostly-true", "Mostly true", "Accurate but needs clarification or additional information.", "#689f38", 4, True),
    ("mixed", "Mixed", "Partly accurate and partly inaccurate.", "#f9a825", 3, True),
    ("mostly-false", "Mostly false", "Contains an element of truth but ignores critical facts.", "#ef6c00", 2, True),
    ("false", "False", "The claim is inaccurate.", "#c62828", 1, True),
    ("misleading", "Misleading", "Accurate elements presented so as to give a false impression.", "#8e24aa", 2, True),
    ("unproven", "Unproven", "Insufficient evidence to confirm or refute the claim.", "#546e7a", 3, True),
    ("not-checkable", "Not checkable", "An opinion or prediction that cannot be checked against evidence.", "#9e9e9e", 3, False),
]

TIERS = [
    ("peer-reviewed", "Peer-reviewed journal", "Articles in refereed scholarly journals."),
    ("academic-book", "Academic book", "Monographs and edited volumes from scholarly presses."),
    ("official-record", "Official record or statistics", "Government records, official statistics, court records."),
    ("archive-primary", "Archive or primary source", "Archival documents, memoirs, eyewitness accounts."),
    ("reputable-press", "Reputable press", "News organisations with editorial standards and corrections."),
    ("other", "Other", "Sources that fit no other tier."),
    ("unreliable", "Unreliable", "Known to publish false or unsourced material; cite only as the origin of a claim."),
]


def create_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    VerdictRating = apps.get_model("claims", "VerdictRating")
    ReliabilityTier = apps.get_model("claims", "ReliabilityTier")
    ReviewPolicy = apps.get_model("claims", "ReviewPolicy")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for order, (slug, label, description, colour, value, needs_evidence) in enumerate(SCALE, start=1):
        VerdictRating.objects.update_or_create(
            slug=slug,
            defaults={
                "label": label, "description": description, "order": order * 10, "colour": colour,
                "schema_rating_value": value, "requires_evidence": needs_evidence,
            },
        )
    for order, (slug, label, description) in enumerate(TIERS, start=1):
        ReliabilityTier.objects.update_or_create(
            slug=slug, defaults={"label": label, "description": description, "order": order * 10}
        )
    ReviewPolicy.objects.get_or_create(pk=1, defaults={"minimum_distinct_sources": 1})


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
