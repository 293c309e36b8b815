from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gdnn.reports"
    label = "reports"
    verbose_name = "Reports"
