from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "gdnn.followup"
    label = "followup"
    verbose_name = _("Theo dõi thực hiện nhiệm vụ")
