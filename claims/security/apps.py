from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "claims.security"
    label = "claims_security"
    verbose_name = "Security"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from claims.security import tokens

        tokens.connect_revocation()
