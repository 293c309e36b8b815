from django.apps import AppConfig


class LabourConfig(AppConfig):
    name = "gdnn.labour"
    label = "labour"
    verbose_name = "Cung cầu lao động"
    default_auto_field = "django.db.models.BigAutoField"
