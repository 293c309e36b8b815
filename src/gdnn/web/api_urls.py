"""/api/v1/: token-authenticated JSON (and CSV) for machine clients. Reference: docs/api.md."""

from django.urls import path

from gdnn.accounts import api as accounts_api
from gdnn.collection import api as collection_api
from gdnn.web import api as plans_api

SUBMISSION = "submissions/<str:ds>/<str:unit>/<str:period>"

urlpatterns = [
    path("me", accounts_api.me, name="api-me"),
    path("datasets", collection_api.datasets, name="api-datasets"),
    path("datasets/<str:code>", collection_api.dataset_detail, name="api-dataset"),
    path("datavalues", collection_api.datavalues, name="api-datavalues"),
    path("completeness", collection_api.completeness_report, name="api-completeness"),
    path(SUBMISSION, collection_api.submission_detail, name="api-submission"),
    path(f"{SUBMISSION}/<str:action>", collection_api.submission_action, name="api-submission-action"),
    path("plans", plans_api.plans, name="api-plans"),
    path("plans/<int:plan_id>/progress", plans_api.plan_progress, name="api-plan-progress"),
]
