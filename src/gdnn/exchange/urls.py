from django.urls import path

from gdnn.exchange import views

app_name = "exchange"

urlpatterns = [
    path("", views.index, name="index"),
    path("download/", views.exchange_download, name="download"),
    path("import/", views.import_page, name="import"),
    path("mappings/", views.mappings_page, name="mappings"),
    path("metadata.json", views.metadata_download, name="metadata"),
    path("sdmx.csv", views.sdmx_download, name="sdmx"),
]
