"""One Job per piece of background work; its input and result files live beside it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JobState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class Job(models.Model):
    kind = models.CharField(max_length=60)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    progress_done = models.PositiveBigIntegerField(default=0)
    progress_total = models.PositiveBigIntegerField(default=0)
    progress_message = models.CharField(max_length=300, blank=True)
    # A link result (e.g. the imported article); a file result is a JobFile with role "result".
    result_link = models.CharField(max_length=2000, blank=True)
    result_page = models.CharField(max_length=2000, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_by", "-created_at"], name="job_creator_recent"),
            models.Index(fields=["state", "heartbeat_at"], name="job_state_heartbeat"),
        ]

    def __str__(self) -> str:
        return f"job {self.pk} {self.kind} ({self.state})"


class JobFileRole(models.TextChoices):
    INPUT = "input", "Input"
    RESULT = "result", "Result"


class JobFile(models.Model):
    """A job's uploaded input or its result, stored in the database.

    The database is the one store every app server and worker share, and a result row is
    written in the same transaction that marks the job succeeded: a job is either finished
    with its whole file or has no file at all.
    """

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(max_length=6, choices=JobFileRole.choices)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    content = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "role"], name="jobfile_one_per_role")]

    def __str__(self) -> str:
        return f"{self.role} of job {self.job_id}: {self.filename}"


class JobSchedule(models.Model):
    """When a periodic job kind (claims.jobs.schedule) was last queued.

    Every worker runs the scheduler; the one whose conditional update of this row succeeds queues the
    job, so several workers never queue the same periodic job twice."""

    kind = models.CharField(max_length=60, unique=True)
    last_queued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"schedule of {self.kind} (last queued {self.last_queued_at})"
