"""A worker draws the same chart for many reports: the PNG of a spec it drew is reused, a changed
spec is drawn anew."""

import copy

from gdnn.reports.charts import chart_png

SPEC = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 60, "height": 40,
        "data": {"values": [{"year": "2024", "value": 24}, {"year": "2025", "value": 28}]},
        "mark": "bar", "encoding": {"x": {"field": "year", "type": "nominal"},
                                    "y": {"field": "value", "type": "quantitative"}}}


def test_the_same_spec_is_drawn_once_and_a_changed_one_again():
    first = chart_png(copy.deepcopy(SPEC))
    assert first.startswith(b"\x89PNG")
    assert chart_png(copy.deepcopy(SPEC)) is first  # the kept picture, not a second drawing
    changed = copy.deepcopy(SPEC)
    changed["data"]["values"][1]["value"] = 30
    other = chart_png(changed)
    assert other is not first and other != first


def test_another_process_takes_the_picture_from_the_data_dir_and_a_damaged_one_is_drawn_again(settings, tmp_path):
    from gdnn.reports import charts

    settings.DATA_DIR = tmp_path
    spec = copy.deepcopy(SPEC)
    spec["title"] = "kept on disk"
    first = chart_png(spec)
    kept = list((tmp_path / "cache" / "charts").glob("*.png"))
    assert [p.read_bytes() for p in kept] == [first]
    charts._PNG_CACHE.clear()  # as in another task loop
    kept[0].write_bytes(b"\x89PNG from the folder")
    assert chart_png(copy.deepcopy(spec)) == b"\x89PNG from the folder"  # read, not drawn
    charts._PNG_CACHE.clear()
    kept[0].write_bytes(b"half a fi")  # a damaged file is not a picture
    assert chart_png(copy.deepcopy(spec)) == first
    assert kept[0].read_bytes() == first  # and is replaced


def test_the_folder_keeps_the_newest_pictures(settings, tmp_path):
    import os

    from gdnn.reports.charts import charts_cache_trim

    settings.DATA_DIR = tmp_path
    folder = tmp_path / "cache" / "charts"
    folder.mkdir(parents=True)
    for age in range(5):
        path = folder / f"{age}.png"
        path.write_bytes(b"\x89PNG")
        os.utime(path, (1_000_000 - age, 1_000_000 - age))
    fresh_temporary = folder / "x.tmp"
    fresh_temporary.write_bytes(b"")  # another process writing now
    assert charts_cache_trim(keep=2) == 3
    assert sorted(p.name for p in folder.iterdir()) == ["0.png", "1.png", "x.tmp"]


def test_a_chart_is_drawn_when_the_data_dir_cannot_be_written(settings, tmp_path):
    from gdnn.reports import charts

    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    settings.DATA_DIR = blocked
    charts._PNG_CACHE.clear()
    assert chart_png(copy.deepcopy(SPEC)).startswith(b"\x89PNG")
