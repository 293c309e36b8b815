from decimal import Decimal

import pytest
from django.utils import translation

from gdnn.common.errors import DomainError
from gdnn.indicators.models import Indicator
from gdnn.plans.models import Plan, Target
from gdnn.plans.services import plan_publish, target_review
from tests.seeds import expected_indicator

pytestmark = pytest.mark.django_db


def review_all(plan, prefix):
    """What a reviewer does: confirm each target, choosing the indicator where the parser did not."""
    for target in plan.targets.order_by("order"):
        code = expected_indicator(prefix, target)
        target_review(target=target, by=None, indicator=Indicator.objects.get(code=code), year=target.year,
                      comparator=target.comparator, value_min=target.value_min, value_max=target.value_max,
                      unit=target.unit)


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_every_seed_target_links_to_its_indicator_after_review_and_the_plan_publishes(import_seed, prefix):
    plan = import_seed(prefix)
    review_all(plan, prefix)
    plan = plan_publish(plan=plan, by=None)
    assert plan.status == Plan.Status.PUBLISHED
    assert not plan.targets.filter(indicator__isnull=True).exists()
    assert not plan.targets.filter(review=Target.Review.UNREVIEWED).exists()


def test_the_parser_links_most_seed_targets_by_itself(import_seed):
    linked = total = 0
    for prefix in ("000", "001", "003", "004"):
        plan = import_seed(prefix)
        for target in plan.targets.all():
            total += 1
            linked += target.indicator is not None and target.indicator.code == expected_indicator(prefix, target)
    assert linked / total >= 0.8


def test_a_plan_with_unlinked_targets_does_not_publish(import_seed):
    plan = import_seed("000")
    plan.targets.update(indicator=None)
    with pytest.raises(DomainError, match="chưa gắn chỉ số"):
        plan_publish(plan=plan, by=None)
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT


def test_an_indicator_whose_unit_contradicts_the_target_is_refused(import_seed):
    plan = import_seed("001")
    target = plan.targets.get(unit="persons")
    before = Target.objects.filter(pk=target.pk).values().get()
    with pytest.raises(DomainError, match="mâu thuẫn"):
        target_review(target=target, by=None, indicator=Indicator.objects.get(code="GDNN.HIGH_QUALITY_INSTITUTIONS"),
                      year=2022, comparator="range", value_min=Decimal(600), value_max=Decimal(800), unit="persons")
    assert Target.objects.filter(pk=target.pk).values().get() == before


def test_the_refusal_speaks_the_language_of_the_request(import_seed):
    target = import_seed("001").targets.get(unit="persons")
    indicator = Indicator.objects.get(code="GDNN.HIGH_QUALITY_INSTITUTIONS")
    assert indicator.name_en and indicator.name_en != indicator.name_vi
    with translation.override("en"), pytest.raises(DomainError) as refused:
        target_review(target=target, by=None, indicator=indicator, year=2022, comparator="range",
                      value_min=Decimal(600), value_max=Decimal(800), unit="persons")
    assert str(refused.value) == (f"The unit 'persons' contradicts indicator {indicator.code} ({indicator.name_en}), "
                                  f"whose unit is {indicator.unit}.")


@pytest.mark.parametrize(("comparator", "lo", "hi", "unit", "message"), [
    ("range", 40, 35, "percent", "nhỏ nhất"), ("eq", 120, None, "percent", "vượt quá 100"),
    ("ge", -3, None, "percent", "âm"), ("between", 1, 2, "percent", "không hợp lệ"),
])
def test_impossible_corrections_are_refused(import_seed, comparator, lo, hi, unit, message):
    target = import_seed("000").targets.filter(unit="percent").first()
    with pytest.raises(DomainError, match=message):
        target_review(target=target, by=None, indicator=Indicator.objects.get(code="GDNN.TEACHERS_STANDARD"),
                      year=2025, comparator=comparator, value_min=Decimal(lo),
                      value_max=Decimal(hi) if hi is not None else None, unit=unit)


def test_a_correction_is_recorded_as_such(import_seed):
    target = import_seed("000").targets.get(order=2)
    target_review(target=target, by=None, indicator=Indicator.objects.get(code="GDNN.GRAD_TO_VET"), year=2025,
                  comparator="range", value_min=Decimal(36), value_max=Decimal(40), unit="percent")
    assert Target.objects.get(pk=target.pk).review == Target.Review.CORRECTED
