from django.apps import AppConfig


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims.matching"
    label = "matching"
    verbose_name = "Claim matching"

    def ready(self) -> None:
        from claims.hooks import register_article_imported
        from claims.matching.engine import match_imported_article

        register_article_imported(match_imported_article)
