import os
import sys

from django.apps import AppConfig
from django.conf import settings

# The commands that run jobs: django-tasks' database worker and RQ's worker (its work horses inherit).
WORKER_COMMANDS = frozenset({"db_worker", "rqworker", "jobs_worker"})


def lower_worker_priority(argv: list[str]) -> int | None:
    """In a job worker, raise the process's nice value to FACTCHECK_JOB_NICE (once, at start), so
    that on a host it shares with the web servers, requests get the CPU first and a PDF of thousands
    of claims waits instead (/healthz under a report job: docs/benchmarks.md). Whatever starts the
    worker (make run, docker-compose.yml, a service unit) gets it without a `nice` wrapper; a worker
    already started at a higher nice value keeps it. Returns the new nice value (None: not a worker)."""
    if len(argv) < 2 or argv[1] not in WORKER_COMMANDS:
        return None
    current = os.nice(0)
    target = settings.FACTCHECK_JOB_NICE
    return os.nice(target - current) if target > current else current


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
        lower_worker_priority(sys.argv)
