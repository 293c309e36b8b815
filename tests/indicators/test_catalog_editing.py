"""The catalog as data: formulas parsed and checked, rows scoped to their owner, the seed merged
without overwriting a province's own additions or edits."""

import pytest
from django.utils import translation

from gdnn.accounts.models import Role
from gdnn.common.errors import DomainError, PermissionDenied
from gdnn.indicators.formulas import (
    FormulaSyntaxError,
    Term,
    formula_parse,
    formula_render,
    load_element_catalog,
)
from gdnn.indicators.models import CatalogSeed, DataElement, Indicator, Origin
from gdnn.indicators.services import (
    data_element_delete,
    data_element_save,
    indicator_catalog_sync,
    indicator_save,
)
from gdnn.orgunits.selectors import orgunit_get
from tests.factories import PASSWORD, user_with_role


def test_a_formula_reads_back_to_the_same_terms():
    num, den, factor = formula_parse("(GRAD_THCS_INTO_VET + grad_thpt_into_vet) / (GRAD_THCS + GRAD_THPT) * 100")
    assert [t.element for t in num] == ["GRAD_THCS_INTO_VET", "GRAD_THPT_INTO_VET"]
    assert [t.element for t in den] == ["GRAD_THCS", "GRAD_THPT"] and factor == 100
    num, den, factor = formula_parse("ADMISSIONS[sex:female, training_level:college|intermediate] / ADMISSIONS * 100")
    assert num == (Term("ADMISSIONS", (("sex", ("female",)), ("training_level", ("college", "intermediate")))),)
    assert formula_parse(formula_render(num, den, factor)) == (num, den, factor)
    for formula in load_element_catalog().formulas.values():  # every seed formula survives the round trip
        text = formula_render(formula.numerator, formula.denominator, formula.factor)
        assert formula_parse(text) == (formula.numerator, formula.denominator, formula.factor), text


@pytest.mark.parametrize("text", ["", "A -", "A - B", "(A + B", "A / ", "A * x", "A B", "A[sex]", "3 + A", "A ** 2"])
def test_a_formula_that_cannot_be_read_is_refused_with_a_message(text):
    with pytest.raises(FormulaSyntaxError) as err:
        formula_parse(text)
    assert str(err.value)


def test_a_formula_syntax_error_speaks_the_language_of_the_reader(officer):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        indicator_save(by=officer, code="TN.SYNTAX", name_vi="Sai", unit="persons", formula_text="ADMISSIONS + (",
                       owner=orgunit_get(code="19"))
    assert str(refused.value) == "Formula: A data element code is needed at character 14."


@pytest.fixture
def officer(db):
    return user_with_role("can-bo-tn", Role.PROVINCE_OFFICER, orgunit_get(code="19"))


@pytest.fixture
def other_officer(db):
    return user_with_role("can-bo-ls", Role.PROVINCE_OFFICER, orgunit_get(code="20"))


@pytest.fixture
def admin(db):
    return user_with_role("quan-tri", Role.SYSTEM_ADMIN, None)


def _element(by, code="TN_RURAL_TRAINED", owner_code="19", **kw):
    return data_element_save(by=by, code=code, name_vi="Lao động nông thôn được đào tạo nghề", value_type="count",
                             reported_by="commune", period_type="annual", categories=kw.pop("categories", ["sex"]),
                             owner=orgunit_get(code=owner_code), **kw)


def test_an_officer_adds_a_provincial_indicator_over_a_provincial_element(officer):
    _element(officer)
    ind = indicator_save(by=officer, code="TN.RURAL_TRAINED_FEMALE", name_vi="Lao động nữ nông thôn được đào tạo",
                         unit="persons", formula_text="tn_rural_trained[sex:female]", owner=orgunit_get(code="19"))
    assert ind.origin == Origin.LOCAL and ind.owner.code == "19"
    assert ind.numerator == [{"element": "TN_RURAL_TRAINED", "filter": {"sex": ["female"]}}]
    assert ind.formula_text == "TN_RURAL_TRAINED[sex:female]" and ind.accepted_units == ["persons"]
    share = indicator_save(by=officer, code="TN.RURAL_SHARE", name_vi="Tỷ lệ", unit="percent",
                           formula_text="TN_RURAL_TRAINED / LABOUR_FORCE * 100", owner=orgunit_get(code="19"))
    assert share.denominator == [{"element": "LABOUR_FORCE", "filter": {}}]


@pytest.mark.parametrize(("formula", "unit", "message"), [
    ("NO_SUCH_ELEMENT", "persons", "không có phần tử dữ liệu NO_SUCH_ELEMENT"),
    ("GDNN.TRAINED_WORKERS", "persons", "không dùng chỉ số khác"),
    ("ADMISSIONS", "percent", "tỷ số nhân 100"),
    ("ADMISSIONS / ENROLMENT * 100", "persons", "không có phép chia"),
    ("ADMISSIONS[colour:red]", "persons", "không phân tổ theo “colour”"),
    ("ADMISSIONS[sex:other]", "persons", "không có lựa chọn other"),
    ("LFS_TRAINED_SHARE + ADMISSIONS", "persons", "đã là tỷ lệ"),
    ("TN_OTHER_PROVINCE", "persons", "riêng của tỉnh khác"),
])
def test_a_formula_with_a_wrong_reference_or_unit_is_refused(officer, other_officer, formula, unit, message):
    _element(other_officer, code="TN_OTHER_PROVINCE", owner_code="20")
    with pytest.raises(DomainError, match=message):
        indicator_save(by=officer, code="TN.BAD", name_vi="Sai", unit=unit, formula_text=formula,
                       owner=orgunit_get(code="19"))
    assert not Indicator.objects.filter(code="TN.BAD").exists()


def test_a_catalogue_refusal_speaks_the_language_of_the_request(officer):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        indicator_save(by=officer, code="TN.BAD", name_vi="Sai", unit="persons",
                       formula_text="LFS_TRAINED_SHARE + ADMISSIONS", owner=orgunit_get(code="19"))
    assert str(refused.value) == ("LFS_TRAINED_SHARE is already a rate (%): it is not added or divided further; "
                                  "use it alone with the unit %.")
    with translation.override("en"), pytest.raises(DomainError) as refused:
        data_element_save(by=officer, code="TN_X", name_vi="x", value_type="count", reported_by="district",
                          period_type="annual", owner=orgunit_get(code="19"))
    assert str(refused.value) == "Invalid reporting level: district."


def test_an_indicator_without_a_formula_may_be_saved(officer):
    ind = indicator_save(by=officer, code="TN.LATER", name_vi="Chỉ số sẽ có công thức", unit="persons",
                         owner=orgunit_get(code="19"))
    assert ind.numerator == [] and ind.formula_text == ""


def test_nobody_edits_rows_outside_their_scope(officer, other_officer, admin):
    with pytest.raises(PermissionDenied):
        indicator_save(by=officer, code="GDNN.X", name_vi="Quốc gia", unit="persons")  # a national row
    national = Indicator.objects.get(code="GDNN.TRAINED_WORKERS")
    with pytest.raises(PermissionDenied):
        indicator_save(by=officer, indicator=national, code=national.code, name_vi="Đổi tên", unit=national.unit)
    with pytest.raises(PermissionDenied):
        _element(officer, owner_code="20")  # another province
    theirs = _element(other_officer, code="LS_ONLY", owner_code="20")
    with pytest.raises(PermissionDenied):
        data_element_save(by=officer, element=theirs, code="LS_ONLY", name_vi="x", value_type="count",
                          reported_by="commune", period_type="annual")
    with pytest.raises(PermissionDenied):
        data_element_delete(by=officer, element=theirs)
    assert indicator_save(by=admin, code="GDNN.NEW_NATIONAL", name_vi="Mới", unit="persons").owner is None


def test_an_element_in_use_is_not_deleted(officer):
    _element(officer)
    indicator_save(by=officer, code="TN.USES", name_vi="Dùng", unit="persons", formula_text="TN_RURAL_TRAINED",
                   owner=orgunit_get(code="19"))
    with pytest.raises(DomainError, match=r"công thức của TN\.USES"):
        data_element_delete(by=officer, element=DataElement.objects.get(code="TN_RURAL_TRAINED"))


def test_the_seed_merge_keeps_local_rows_and_edits_and_restores_what_it_owns(officer, admin):
    _element(officer)
    local = indicator_save(by=officer, code="TN.MINE", name_vi="Của tỉnh", unit="persons",
                           formula_text="TN_RURAL_TRAINED", owner=orgunit_get(code="19"))
    edited = Indicator.objects.get(code="GDNN.TRAINED_WORKERS")
    indicator_save(by=admin, indicator=edited, code=edited.code, name_vi="Tên do tỉnh sửa", unit=edited.unit,
                   formula_text=edited.formula_text, direction=edited.direction, period_type=edited.period_type)
    untouched = Indicator.objects.get(code="GDNN.RETRAINING")
    Indicator.objects.filter(pk=untouched.pk).update(name_vi="bị ghi đè ngoài ý muốn")
    Indicator.objects.filter(code="GDNN.IT_SKILLS").delete()

    result = indicator_catalog_sync()

    assert Indicator.objects.get(code="GDNN.TRAINED_WORKERS").name_vi == "Tên do tỉnh sửa"
    assert Indicator.objects.get(code="GDNN.TRAINED_WORKERS").locally_edited
    assert Indicator.objects.get(pk=local.pk).name_vi == "Của tỉnh"
    assert Indicator.objects.get(pk=untouched.pk).name_vi != "bị ghi đè ngoài ý muốn"  # a seed row follows the seed
    assert Indicator.objects.get(code="GDNN.IT_SKILLS").origin == Origin.SEED  # re-added
    assert DataElement.objects.get(code="TN_RURAL_TRAINED").origin == Origin.LOCAL
    assert CatalogSeed.objects.get(name="indicators").version == load_element_catalog().version
    assert result["indicators"] == Indicator.objects.count()


@pytest.mark.django_db
def test_catalog_pages_refuse_other_scopes(client, officer, other_officer):
    theirs = _element(other_officer, code="LS_PAGE", owner_code="20")
    ind = indicator_save(by=other_officer, code="LS.PAGE", name_vi="Của Lạng Sơn", unit="persons",
                         formula_text="LS_PAGE", owner=orgunit_get(code="20"))
    assert client.login(username="can-bo-tn", password=PASSWORD)
    index = client.get("/catalog/")
    assert index.status_code == 200 and "LS.PAGE" not in index.content.decode()
    assert client.get(f"/catalog/indicators/{ind.pk}/").status_code == 404
    assert client.get(f"/catalog/elements/{theirs.pk}/").status_code == 404
    assert client.post(f"/catalog/elements/{theirs.pk}/delete/").status_code == 404
    national = Indicator.objects.get(code="GDNN.TRAINED_WORKERS")
    assert client.get(f"/catalog/indicators/{national.pk}/").status_code == 200  # national rows are readable
    assert client.post(f"/catalog/indicators/{national.pk}/", {"code": national.code, "name_vi": "x", "unit": "percent",
                                                              "direction": "higher", "period_type": "annual"}
                       ).status_code == 403
    # Creating a row for another province is refused even with a forged owner.
    forged = client.post("/catalog/indicators/new/", {"owner": str(orgunit_get(code="20").pk), "code": "TN.FORGED",
                                                      "name_vi": "x", "unit": "persons", "direction": "higher",
                                                      "period_type": "annual"})
    assert forged.status_code in (200, 403) and not Indicator.objects.filter(code="TN.FORGED").exists()
    client.logout()
    user_with_role("nguoi-xem", Role.VIEWER, orgunit_get(code="19"))
    assert client.login(username="nguoi-xem", password=PASSWORD)
    assert client.get("/catalog/indicators/new/").status_code == 403


@pytest.mark.django_db
def test_an_officer_adds_an_indicator_through_the_page(client, officer):
    assert client.login(username="can-bo-tn", password=PASSWORD)
    province = orgunit_get(code="19")
    bad = client.post("/catalog/indicators/new/", {"owner": str(province.pk), "code": "TN.PAGE", "name_vi": "Thử",
                                                   "unit": "percent", "direction": "higher", "period_type": "annual",
                                                   "formula_text": "ADMISSIONS[sex:female]"})
    assert bad.status_code == 200 and "tỷ số nhân 100" in bad.content.decode()
    ok = client.post("/catalog/indicators/new/", {"owner": str(province.pk), "code": "TN.PAGE", "name_vi": "Thử",
                                                  "unit": "percent", "direction": "higher", "period_type": "annual",
                                                  "formula_text": "ADMISSIONS[sex:female] / ADMISSIONS * 100"})
    assert ok.status_code == 302
    assert Indicator.objects.get(code="TN.PAGE").owner == province
