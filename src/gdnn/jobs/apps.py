from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gdnn.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
