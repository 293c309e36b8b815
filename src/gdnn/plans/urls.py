from django.urls import path

from gdnn.plans import views

urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("calendar/", views.calendar_page, name="plan-calendar"),
    path("<int:plan_id>/", views.plan_detail, name="plan-detail"),
    path("<int:plan_id>/align/", views.plan_align_page, name="plan-align"),
    path("<int:plan_id>/publish/", views.plan_publish_view, name="plan-publish"),
    path("<int:plan_id>/targets/<int:target_id>/", views.target_review_page, name="target-review"),
]
