from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "claims.backup"
    label = "claims_backup"
    verbose_name = "Backup"
