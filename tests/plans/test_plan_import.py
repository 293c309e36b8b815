import pytest

from gdnn.common.errors import DomainError
from gdnn.plans.models import Plan, PlanReference, Target
from tests.seeds import gold

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_every_seed_imports_as_a_draft_with_its_items_and_spans(import_seed, prefix):
    plan = import_seed(prefix)
    expected = gold(prefix)
    assert plan.status == Plan.Status.DRAFT
    assert plan.targets.count() == len(expected["targets"])
    assert plan.task_groups.count() == len(expected["task_groups"])
    assert plan.assignments.count() >= 1
    for item in (*plan.targets.all(), *plan.task_groups.all(), *plan.assignments.all()):
        assert item.start_char is not None and item.end_char > item.start_char
        assert item.source_excerpt.strip()
    for target in plan.targets.all():
        # the span points at the sentence that states the target
        assert target.source_excerpt.split()[0] in target.text


def test_the_party_plan_without_numeric_targets_keeps_its_tasks_and_agencies(import_seed):
    plan = import_seed("002", unit_code="92")
    assert plan.level == Plan.Level.PARTY
    assert plan.targets.count() == 0
    assert plan.task_groups.count() == 8
    assert plan.assignments.count() == 5


def test_a_summary_without_issuer_imports_with_a_warning(import_seed):
    plan = import_seed("004")
    assert plan.issuer == ""
    assert any("không nêu cơ quan ban hành" in w for w in plan.warnings)


def test_the_plans_own_number_is_not_a_reference_and_agencies_map_to_the_register(import_seed):
    plan = import_seed("000")
    identifiers = list(PlanReference.objects.filter(plan=plan).values_list("identifier", flat=True))
    assert "2239/QĐ-TTg" in identifiers and "141/KH-UBND" not in identifiers
    so_ldtbxh = plan.assignments.get(agency_name__startswith="Sở Lao động")
    assert so_ldtbxh.agency.code == "so-ldtbxh"
    assert so_ldtbxh.agency.gdnn_successor.name == "Sở Giáo dục và Đào tạo"
    assert str(so_ldtbxh.agency.valid_to) == "2025-02-28"


def test_a_second_plan_with_the_same_number_and_issuer_is_refused(import_seed):
    import_seed("000")
    counts = (Plan.objects.count(), Target.objects.count())
    with pytest.raises(DomainError, match="141/KH-UBND"):
        import_seed("000")
    assert (Plan.objects.count(), Target.objects.count()) == counts


@pytest.mark.parametrize(("name", "content"), [("kh.doc", b"\xd0\xcf\x11\xe0junk"), ("kh.txt", b""),
                                               ("kh.pdf", b"%PDF-1.4 broken"), ("kh.png", b"\x89PNG\r\n")])
def test_an_unusable_file_is_refused_and_nothing_is_stored(import_seed, tmp_path, name, content):
    from gdnn.orgunits.selectors import orgunit_get
    from gdnn.plans.services import plan_import_document

    path = tmp_path / name
    path.write_bytes(content)
    before = Plan.objects.count()
    with pytest.raises(DomainError) as caught:
        plan_import_document(path=path, org_unit=orgunit_get(code="20"))
    assert name in str(caught.value)
    assert Plan.objects.count() == before


def test_a_dissolved_agency_is_shown_with_the_one_that_took_over_its_work(import_seed, client):
    """Sở KH&ĐT (dissolved 28/02/2025, its work to Sở Tài chính) reads "Sở Tài chính (until
    28/02/2025: Sở Kế hoạch và Đầu tư)", never its own name twice."""
    from gdnn.plans.models import Agency, Assignment
    from gdnn.plans.services.agencies import agency_register_sync

    agency_register_sync()
    plan = import_seed("000")
    planning = Agency.objects.get(code="so-khdt")
    assert planning.successor_now is not None and planning.successor_now.code == "so-tai-chinh"
    assert Agency.objects.get(code="so-tai-chinh").successor_now is None  # it exists today
    Assignment.objects.create(plan=plan, order=99, agency_name="Sở Kế hoạch và Đầu tư", agency=planning,
                              role=Assignment.Role.COOPERATE)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("quantri", "q@example.org", "x"))
    html = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "Sở Tài chính <span class=\"muted\">(đến 28/02/2025: Sở Kế hoạch và Đầu tư)" in html
    assert "Sở Kế hoạch và Đầu tư <span class=\"muted\">(đến 28/02/2025: Sở Kế hoạch và Đầu tư)" not in html
