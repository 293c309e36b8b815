from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gdnn.web"
    label = "web"
