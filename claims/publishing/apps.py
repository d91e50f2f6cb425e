from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Public fact-check pages, publication snapshots and corrections, standing on the core.

    The core never imports this app: ready() registers it with the core's extension points
    (claims.hooks for corrections on approval and the discard of a published claim,
    claims.exports.audiences for the public report).
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "claims.publishing"
    label = "publishing"
    verbose_name = "Publishing"

    def ready(self) -> None:
        from claims import hooks
        from claims.exports import audiences
        from claims.publishing import demo, selectors, services

        hooks.register_approval_check(services.correction_check)
        hooks.register_approval_recorder(services.correction_record)
        hooks.register_discard_check(services.discard_check)
        audiences.register_public_report(selectors.public_report)
        audiences.register_public_urls(selectors.public_urls)
        audiences.register_public_check(selectors.public_check)
        hooks.register_demo_step(demo.publish_demo)
