"""`gdnn upgrade` on the previous release's database keeps every value; a second run is a no-op."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from tests.ops.conftest import (
    expected_release_snapshot,
    gdnn,
    release_site,
    site_env,
    snapshot,
    sqlite_only,
)


def _table_digest(db) -> dict[str, str]:
    """A digest of every row of every table: the whole database's content, comparable between runs."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: hashlib.sha256(json.dumps(con.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall(),
                                             default=str).encode()).hexdigest() for t in tables}
    finally:
        con.close()


@sqlite_only
def test_upgrade_of_the_previous_release_keeps_every_value_and_runs_twice(tmp_path, static_root):
    data_dir = tmp_path / "data"
    release_site(data_dir)
    env = site_env(data_dir, static_root)

    first = gdnn(env, "upgrade")
    assert "analytics" in first.stdout
    # The release left no analytics store in the file: the first upgrade builds it.
    assert "* analytics" in first.stdout
    assert snapshot(env) == expected_release_snapshot()
    before = _table_digest(data_dir / "gdnn.sqlite3")
    manifest = (data_dir / "analytics" / "manifest.json").read_text()

    second = gdnn(env, "upgrade")
    lines = second.stdout.strip().splitlines()
    assert lines[-1] == "Không có gì thay đổi.", second.stdout
    assert all(line.startswith("- ") for line in lines[:-1]), second.stdout
    assert _table_digest(data_dir / "gdnn.sqlite3") == before
    assert (data_dir / "analytics" / "manifest.json").read_text() == manifest
    assert snapshot(env) == expected_release_snapshot()


@sqlite_only
def test_upgrade_merges_a_catalog_that_is_behind_and_rebuilds_analytics(tmp_path, static_root):
    """A data set that lost an element (as an older catalog would have it) is brought back; the store follows."""
    data_dir = tmp_path / "data"
    release_site(data_dir)
    env = site_env(data_dir, static_root)
    gdnn(env, "upgrade")
    con = sqlite3.connect(data_dir / "gdnn.sqlite3")
    with con:
        removed = con.execute("DELETE FROM collection_datasetelement WHERE id = "
                              "(SELECT max(id) FROM collection_datasetelement)").rowcount
        con.execute("UPDATE indicators_indicator SET name_en = 'old name' WHERE id = (SELECT min(id) FROM "
                    "indicators_indicator)")
    con.close()
    assert removed == 1
    result = gdnn(env, "upgrade")
    assert "* indicators" in result.stdout and "* datasets" in result.stdout, result.stdout
    assert "* analytics" in result.stdout, result.stdout
    assert "- agencies" in result.stdout
    again = gdnn(env, "upgrade")
    assert again.stdout.strip().endswith("Không có gì thay đổi."), again.stdout
