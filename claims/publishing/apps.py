from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Public fact-check pages, publication snapshots and corrections, standing on the core.

    The core never imports this app: ready() registers it with the core's extension points
    (claims.hooks for corrections on approval, the discard of a published claim, source vetting
    and merges,
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

        hooks.approval_checks.register(services.correction_check)
        hooks.approval_recorders.register(services.correction_record)
        hooks.discard_checks.register(services.discard_check)
        hooks.vetting_withdrawal_checks.register(services.vetting_withdrawal_check)
        hooks.source_merge_recorders.register(services.source_merge_record)
        audiences.register_public_report(selectors.public_report)
        audiences.register_public_urls(selectors.public_urls)
        audiences.register_public_check(selectors.public_check)
        hooks.demo_steps.register(demo.publish_demo)
