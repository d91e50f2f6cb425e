from django.apps import AppConfig


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims.matching"
    label = "matching"
    verbose_name = "Claim matching"

    def ready(self) -> None:
        from claims import hooks as core_hooks
        from claims.matching.engine import match_imported_article, refresh_edited_claim
        from claims.matching.etag import claim_matches_state
        from claims.services import hooks

        hooks.register("article_imported", match_imported_article)
        hooks.register("claim_edited", refresh_edited_claim)
        core_hooks.register_claim_state_part("matches", claim_matches_state)

        from django.apps import apps

        if apps.is_installed("claims.jobs"):
            from claims.jobs.registry import register_job_kind
            from claims.matching.engine import match_claims_job

            register_job_kind("match_claims", match_claims_job, label="Match claims")
