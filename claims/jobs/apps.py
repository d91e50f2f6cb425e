from django.apps import AppConfig


class JobsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from claims import background
        from claims.jobs import kinds, services

        kinds.register_builtin_kinds()
        background.set_runner(services.enqueue_job)
