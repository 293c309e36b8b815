from django.urls import path

from gdnn.labour import views

app_name = "labour"
urlpatterns = [
    path("", views.index, name="index"),
    path("occupations/", views.occupations, name="occupations"),
    path("institutions/<str:code>/graduates/", views.institution_graduates, name="graduates"),
    path("waves/<int:wave_id>/", views.wave, name="wave"),
    path("waves/<int:wave_id>/remind/", views.remind, name="remind"),
    path("waves/<int:wave_id>/links/<int:link_id>/revoke/", views.link_revoke_view, name="link-revoke"),
    path("waves/<int:wave_id>/links/<int:link_id>/reissue/", views.link_reissue_view, name="link-reissue"),
    path("waves/<int:wave_id>/links/<int:link_id>/reopen/", views.link_reopen_view, name="link-reopen"),
    path("<str:code>/", views.province, name="province"),
    path("<str:code>/gaps/", views.gaps, name="gaps"),
    path("<str:code>/gaps/charts.json", views.gaps_charts, name="gaps-charts"),
    path("<str:code>/forecast/", views.forecast, name="forecast"),
    path("<str:code>/forecast/runs/<int:run_id>/charts.json", views.forecast_charts, name="forecast-charts"),
    path("<str:code>/forecast/runs/<int:run_id>/export.xlsx", views.forecast_export, name="forecast-export"),
]
