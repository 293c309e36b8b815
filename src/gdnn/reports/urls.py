from django.urls import path

from gdnn.reports import views

urlpatterns = [
    path("", views.report_page, name="reports"),
]
