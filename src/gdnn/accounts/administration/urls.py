from django.urls import path

from gdnn.accounts.administration import views

app_name = "users"

urlpatterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_new, name="new"),
    path("import/", views.users_import, name="import"),
    path("pick/", views.user_pick, name="pick"),
    path("import/template.xlsx", views.users_template, name="template"),
    path("<int:user_id>/", views.user_detail, name="detail"),
    path("<int:user_id>/roles/", views.role_add, name="role-add"),
    path("<int:user_id>/roles/<int:role_id>/remove/", views.role_remove, name="role-remove"),
    path("<int:user_id>/active/", views.user_active, name="active"),
    path("<int:user_id>/password/temporary/", views.password_temporary, name="password-temporary"),
    path("<int:user_id>/password/link/", views.password_link, name="password-link"),
]
