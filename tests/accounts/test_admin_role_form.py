"""The Django admin's role form refuses in the language of the request, like the product's pages."""

import pytest
from django.utils import translation

from gdnn.accounts.admin import RoleAssignmentForm
from gdnn.accounts.models import Role
from gdnn.orgunits.selectors import orgunit_get

pytestmark = pytest.mark.django_db


def test_the_admin_role_form_refuses_in_the_language_of_the_request():
    unit = orgunit_get(code="20")
    with translation.override("en"):
        form = RoleAssignmentForm(data={"role": Role.SYSTEM_ADMIN, "org_unit": unit.pk})
        assert not form.is_valid()
        assert form.non_field_errors() == ["A system administrator is not bound to a unit."]
    with translation.override("vi"):
        form = RoleAssignmentForm(data={"role": Role.SYSTEM_ADMIN, "org_unit": unit.pk})
        assert not form.is_valid()
        assert form.non_field_errors() == ["Quản trị hệ thống không gắn với đơn vị."]
