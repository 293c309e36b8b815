from django.urls import path

from gdnn.collection import views

app_name = "collection"
FORM = "<str:ds>/<str:unit>/<str:period>/"

urlpatterns = [
    path("", views.index, name="index"),
    path("completeness/", views.completeness_page, name="completeness"),
    path("approvals/", views.approvals, name="approvals"),
    path("units/", views.unit_options, name="unit-options"),
    path(FORM, views.entry, name="entry"),
    path(f"{FORM}cell/", views.cell_save, name="cell"),
    path(f"{FORM}history/", views.cell_history, name="history"),
    path(f"{FORM}transition/", views.transition, name="transition"),
    path(f"{FORM}review/", views.submit_review, name="review"),
    path(f"{FORM}template.xlsx", views.template_download, name="template"),
    path(f"{FORM}upload/", views.upload, name="upload"),
]
