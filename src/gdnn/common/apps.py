from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "gdnn.common"
    label = "common"
