from django.contrib import admin
from django.urls import include, path

from gdnn.exchange.api import exchange_api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("jobs/", include("gdnn.jobs.urls")),
    path("exchange/", include("gdnn.exchange.urls")),
    path("api/v1/exchange/", exchange_api.urls),
    path("", include("gdnn.web.urls")),
]
