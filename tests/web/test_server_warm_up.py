"""A web worker loads its views and templates before its first request (gunicorn's
post_worker_init), so no user waits for them; a template that does not compile shows here."""

from __future__ import annotations

from django.urls import get_resolver

from gdnn.web.server import warm_up


def test_the_warm_up_loads_every_view_and_compiles_every_template():
    from django.template import engines

    warm_up()
    assert get_resolver()._populated
    loader = engines["django"].engine.template_loaders[0]
    assert any(name.endswith("plan_dashboard.html") for name in loader.get_template_cache)  # kept compiled
