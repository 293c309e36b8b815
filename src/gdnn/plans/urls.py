from django.urls import path

from gdnn.plans import views

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("calendar/", views.calendar_page, name="plan-calendar"),
    path("<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("<int:plan_id>/align/", views.plan_align_page, name="plan-align"),
    path("<int:plan_id>/publish/", views.plan_publish_view, name="plan-publish"),
    path("<int:plan_id>/targets/<int:target_id>/", views.target_review_page, name="target-review"),
    path("<int:plan_id>/edit/", views.plan_edit, name="plan-edit"),
    path("<int:plan_id>/status/", views.plan_status, name="plan-status"),
    path("<int:plan_id>/targets/new/", views.target_new, name="target-new"),
    path("<int:plan_id>/targets/<int:target_id>/remove/", views.target_remove, name="target-remove"),
    path("<int:plan_id>/targets/<int:target_id>/kind/", views.target_kind, name="target-kind"),
    path("<int:plan_id>/duties/delivered/", views.duty_delivered_view, name="duty-delivered"),
]
