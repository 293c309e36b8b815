from django.contrib.auth import views as auth_views
from django.urls import include, path

from gdnn.accounts import views_throttle
from gdnn.accounts.administration import password
from gdnn.accounts.forms import LoginView
from gdnn.api import views as api_views
from gdnn.web import account, pickers, tokens, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("plans/", include("gdnn.plans.urls")),
    path("dashboard/plans/<int:plan_id>/", views.plan_dashboard, name="plan-dashboard"),
    path("dashboard/plans/<int:plan_id>/charts.json", views.plan_charts, name="plan-charts"),
    path("dashboard/units/<str:code>/", views.drilldown, name="drilldown"),
    path("orgunits/", views.orgunit_search_page, name="orgunit-search"),
    path("orgunits/pick/", pickers.orgunit_pick, name="orgunit-pick"),
    path("data/periods/", pickers.period_options, name="period-options"),
    path("orgunits/import-institutions/", views.institutions_import_page, name="institutions-import"),
    path("orgunits/<str:code>/", views.orgunit_detail, name="orgunit-detail"),
    path("orgunits/<str:code>/institutions/new/", views.institution_new, name="institution-new"),
    path("orgunits/<str:code>/edit/", views.institution_edit, name="institution-edit"),
    path("data/", include("gdnn.collection.urls")),
    path("catalog/", include("gdnn.indicators.urls")),
    path("reports/", include("gdnn.reports.urls")),
    path("analysis/", include("gdnn.analysis.urls")),
    path("followup/", include("gdnn.followup.urls")),
    path("account/", account.account, name="account"),
    path("account/password/", account.PasswordChange.as_view(), name="password-change"),
    path("account/tokens/", tokens.api_tokens, name="api-tokens"),
    path("account/webhooks/", api_views.webhook_log, name="webhook-log"),
    path("security/logins/", views_throttle.login_throttles, name="login-throttles"),
    path("account/password/reset/", password.PasswordResetRequest.as_view(), name="password_reset"),
    path("account/password/reset/sent/", password.PasswordResetSent.as_view(), name="password_reset_done"),
    path("account/password/reset/done/", password.PasswordResetComplete.as_view(), name="password_reset_complete"),
    path("account/password/reset/<uidb64>/<token>/", password.PasswordResetConfirm.as_view(),
         name="password_reset_confirm"),
    path("users/", include("gdnn.accounts.administration.urls")),
    path("notifications/", include("gdnn.notifications.urls")),
    path("api/v1/", include("gdnn.web.api_urls")),
    # Pages outside the base template (admin, plain errors) still get the icon browsers ask for.
    path("favicon.ico", views.favicon),
]
