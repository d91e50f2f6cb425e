from django.urls import path

from claims.jobs import api

urlpatterns = [
    path("<int:job_id>/", api.JobDetailApi.as_view(), name="api-job-detail"),
    path("<int:job_id>/result/", api.JobResultApi.as_view(), name="api-job-result"),
    path("<int:job_id>/retry/", api.JobRetryApi.as_view(), name="api-job-retry"),
]
