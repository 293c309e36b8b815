"""/api/v1/: token-authenticated JSON (and CSV) for machine clients, on django-ninja.

The one place where routers are mounted on the API (docs/api.md, decision 0010). Reference:
the generated document at /api/v1/openapi.json and the page /api/v1/docs.
"""

from django.urls import include, path

from gdnn.accounts.api import router as accounts_router
from gdnn.api.core import api, mount, urlpatterns_of
from gdnn.api.webhook_api import router as webhooks_router
from gdnn.collection.api import router as collection_router
from gdnn.exchange.api import router as exchange_router
from gdnn.web.api import router as plans_router

mount("", accounts_router, tags=["account"])
mount("", collection_router, tags=["data"])
mount("", plans_router, tags=["plans"])
mount("/webhooks", webhooks_router, tags=["webhooks"])
mount("/exchange", exchange_router, tags=["exchange"])

urlpatterns = [path("", include((urlpatterns_of(api), "api-v1"), namespace="api-v1"))]
