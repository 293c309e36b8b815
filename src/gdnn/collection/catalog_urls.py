"""Catalog pages of collection, included under /catalog/forms/ in the "catalog" namespace."""

from django.urls import path

from gdnn.collection import catalog_views as views

urlpatterns = [
    path("", views.dataset_list, name="dataset-list"),
    path("new/", views.dataset_edit, name="dataset-new"),
    path("<int:pk>/", views.dataset_edit, name="dataset-edit"),
    path("<int:pk>/elements/", views.dataset_member_add, name="dataset-member-add"),
    path("<int:pk>/elements/<int:member_id>/", views.dataset_member_change, name="dataset-member"),
    path("<int:pk>/window/", views.window_set, name="window-set"),
    path("rules/", views.rule_list, name="rule-list"),
    path("rules/new/", views.rule_edit, name="rule-new"),
    path("rules/<int:pk>/", views.rule_edit, name="rule-edit"),
    path("rules/<int:pk>/delete/", views.rule_remove, name="rule-delete"),
    path("windows/", views.window_list, name="window-list"),
]
