from django.urls import path

from gdnn.followup import views

app_name = "followup"
urlpatterns = [
    path("", views.my_reports, name="mine"),
    path("review/", views.review, name="review"),
    path("fill/<int:assignment_id>/<str:period>/", views.fill, name="fill"),
    path("reports/<int:report_id>/", views.report_page, name="report"),
    path("reports/<int:report_id>/transition/", views.transition, name="transition"),
    path("reports/<int:report_id>/evidence/", views.evidence_upload, name="evidence-upload"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("evidence/<int:evidence_id>/delete/", views.evidence_remove, name="evidence-delete"),
    path("members/", views.members, name="members"),
    path("members/add/", views.member_add, name="member-add"),
    path("members/<int:member_id>/remove/", views.member_remove, name="member-remove"),
    path("plans/<int:plan_id>/", views.plan_matrix_page, name="matrix"),
    path("plans/<int:plan_id>/assign/", views.assign, name="assign"),
    path("plans/<int:plan_id>/compile/<str:period>/", views.compile_page, name="compile"),
]
