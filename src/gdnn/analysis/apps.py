from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "gdnn.analysis"
    label = "analysis"
    verbose_name = "Analysis"
