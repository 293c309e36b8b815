import json
from pathlib import Path

import pytest
from django.conf import settings

from gdnn.analysis.boundaries import SHAPES_PATH, build_province_shapes, province_shapes
from gdnn.orgunits.models import PRE_REFORM_END, REFORM_DATE, OrgUnit, OrgUnitSuccession, valid_on_q


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("shapes") / "vn.geojson"
    counts = build_province_shapes(node_modules=Path(settings.NODE_MODULES), out=out)
    assert counts == {"old": 63, "new": 34}
    return json.loads(out.read_text(encoding="utf-8"))


def _codes(era_date) -> set[str]:
    return set(OrgUnit.objects.filter(valid_on_q(era_date), level="province").values_list("code", flat=True))


@pytest.mark.django_db
def test_every_province_of_both_eras_has_a_shape(built):
    shapes = {era: {f["properties"]["code"] for f in built["features"] if f["properties"]["era"] == era}
              for era in ("old", "new")}
    assert shapes["old"] == _codes(PRE_REFORM_END) and len(shapes["old"]) == 63
    assert shapes["new"] == _codes(REFORM_DATE) and len(shapes["new"]) == 34


@pytest.mark.django_db
def test_a_current_province_is_the_union_of_the_former_ones_the_successions_name(built):
    from shapely.geometry import shape

    features = {(f["properties"]["era"], f["properties"]["code"]): f for f in built["features"]}
    formed = {code: f["properties"]["formed_from"] for (era, code), f in features.items() if era == "new"}
    # every former province is used exactly once
    assert sorted(c for codes in formed.values() for c in codes) == sorted(c for e, c in features if e == "old")
    for new_code, old_codes in formed.items():
        successors = set(OrgUnitSuccession.objects.filter(
            predecessor__level="province", predecessor__code__in=old_codes, predecessor__valid_to=PRE_REFORM_END,
            successor__level="province").values_list("successor__code", flat=True))
        assert new_code in successors
        union_area = shape(features[("new", new_code)]["geometry"]).area
        parts_area = sum(shape(features[("old", c)]["geometry"]).area for c in old_codes)
        assert union_area == pytest.approx(parts_area, rel=0.03)
    assert formed["19"] == ["06", "19"]  # Thái Nguyên took Bắc Kạn
    assert formed["79"] == ["74", "77", "79"]  # Hồ Chí Minh City took Bình Dương and Bà Rịa - Vũng Tàu


def test_the_installed_cache_is_there_and_draws_paths():
    drawing = province_shapes(SHAPES_PATH)
    assert len(drawing.shapes["old"]) == 63 and len(drawing.shapes["new"]) == 34
    assert all(s.path.startswith("M") and s.path.endswith("Z") for era in drawing.shapes.values() for s in era)
    assert drawing.height > drawing.width  # Vietnam is tall


def test_hoang_sa_and_truong_sa_are_drawn_with_their_provinces_in_both_eras(built):
    """The source has no geometry for the archipelagos: each main island is a dot of Đà Nẵng (Hoàng
    Sa) or Khánh Hòa (Trường Sa), in both eras, and the map names both archipelagos."""
    import tomllib

    from shapely.geometry import Point, shape

    from gdnn.analysis.boundaries import DATA_DIR

    groups = tomllib.loads((DATA_DIR / "archipelagos.toml").read_text(encoding="utf-8"))
    features = {(f["properties"]["era"], f["properties"]["code"]): shape(f["geometry"]) for f in built["features"]}
    for group in groups.values():
        for era in ("old", "new"):
            province = features[(era, group["province"])]
            for name, lat, lon in group["islands"]:
                assert province.contains(Point(lon, lat)), (era, group["province"], name)
    assert groups["hoang_sa"]["province"] == "48" and groups["truong_sa"]["province"] == "56"
    assert {label["key"] for label in built["svg"]["labels"]} == {"hoang_sa", "truong_sa"}
    width, height = built["svg"]["width"], built["svg"]["height"]
    assert all(0 < label["x"] < width and 0 < label["y"] < height for label in built["svg"]["labels"])
