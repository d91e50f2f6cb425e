from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Fact-checking desk"

    def ready(self) -> None:
        from claims.search import register_sqlite_fold

        # SQLite has no unaccent: each new connection gets the Python fold as `fc_fold`.
        connection_created.connect(register_sqlite_fold, dispatch_uid="claims.search.fold")
