from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("jobs/", include("gdnn.jobs.urls")),
    path("labour/", include("gdnn.labour.urls")),
    path("s/", include("gdnn.labour.answer_urls")),
    path("exchange/", include("gdnn.exchange.urls")),
    path("", include("gdnn.web.urls")),
]
