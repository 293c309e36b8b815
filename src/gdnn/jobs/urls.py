from django.urls import path

from gdnn.jobs import views

urlpatterns = [
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/status/", views.job_status, name="job-status"),
    path("<int:pk>/download/", views.job_download, name="job-download"),
]
