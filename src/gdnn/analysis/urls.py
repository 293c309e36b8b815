from django.urls import path

from gdnn.analysis import views

app_name = "analysis"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:plan_id>/targets/<int:target_id>/map/", views.target_map_page, name="map"),
    path("pivot/", views.pivot_page, name="pivot"),
    path("pivot.xlsx", views.pivot_export, name="pivot-xlsx"),
]
