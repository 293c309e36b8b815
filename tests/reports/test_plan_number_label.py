"""A plan without a number is named the same way on every page: "(chưa có số)", "(no number)"."""

import pytest

from gdnn.accounts.models import Role
from tests.reports.test_views import login

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "label", "others"), [
    ("vi", "(chưa có số)", ("(chưa số)", "(no number)", "<option value=\"{pk}\">– ·", "<option value=\"{pk}\" selected>– ·")),
    ("en", "(no number)", ("(chưa số)", "(chưa có số)", "<option value=\"{pk}\">– ·", "<option value=\"{pk}\" selected>– ·")),
])
def test_a_plan_without_a_number_reads_alike_on_reports_and_analysis(client, lang_son, language, label, others):
    plan, province = lang_son
    plan.doc_number = None
    plan.save(update_fields=["doc_number"])
    login(client, Role.PROVINCE_OFFICER, province)
    client.cookies["django_language"] = language
    for page in ("/reports/", f"/analysis/?plan={plan.pk}", f"/plans/{plan.pk}/", f"/dashboard/plans/{plan.pk}/"):
        html = client.get(page).content.decode()
        assert label in html, page
        assert not any(o.format(pk=plan.pk) in html for o in others), page
