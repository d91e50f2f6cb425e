from django.apps import AppConfig


class CollabConfig(AppConfig):
    """Comments, mentions, notifications and the activity feed: built on the core, never imported by it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "claims.collab"
    label = "collab"
    verbose_name = "Desk collaboration"

    def ready(self) -> None:
        from claims import hooks
        from claims.collab import subscribers
        from claims.collab.etag import claim_comments_state

        subscribers.subscribe()
        hooks.register_claim_state_part("comments", claim_comments_state)
