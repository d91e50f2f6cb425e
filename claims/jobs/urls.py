from django.urls import path

from claims.jobs import views

urlpatterns = [
    path("<int:job_id>/", views.job_page, name="job-page"),
    path("<int:job_id>/retry/", views.job_retry_page, name="job-retry"),
]
