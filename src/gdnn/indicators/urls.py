from django.urls import include, path

from gdnn.indicators import views

app_name = "catalog"

urlpatterns = [
    path("", views.catalog_index, name="index"),
    path("indicators/new/", views.indicator_edit, name="indicator-new"),
    path("indicators/<int:pk>/", views.indicator_edit, name="indicator-edit"),
    path("indicators/<int:pk>/delete/", views.indicator_remove, name="indicator-delete"),
    path("elements/new/", views.element_edit, name="element-new"),
    path("elements/<int:pk>/", views.element_edit, name="element-edit"),
    path("elements/<int:pk>/delete/", views.element_remove, name="element-delete"),
    path("forms/", include("gdnn.collection.catalog_urls")),
]
