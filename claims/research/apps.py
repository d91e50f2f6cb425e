from django.apps import AppConfig


class ResearchConfig(AppConfig):
    """Sources that stay trustworthy: lookups by identifier, retraction watch, archived copies, link checks,
    source suggestions. Stands on the core; the core never imports it (it listens through
    claims.hooks)."""

    name = "claims.research"
    label = "research"
    verbose_name = "Source research"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from claims.research import listeners

        listeners.connect()

        from claims import hooks as core_hooks
        from claims.research import services

        core_hooks.source_merge_recorders.register(services.source_merge_record)

        from django.apps import apps

        if apps.is_installed("claims.jobs"):
            from claims.research import jobs

            jobs.connect()
