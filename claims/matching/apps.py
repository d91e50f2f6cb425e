from django.apps import AppConfig


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims.matching"
    label = "matching"
    verbose_name = "Claim matching"

    def ready(self) -> None:
        from claims.matching.engine import match_imported_article
        from claims.services.hooks import on_article_imported

        on_article_imported(match_imported_article)
