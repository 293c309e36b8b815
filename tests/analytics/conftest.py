import pytest


@pytest.fixture(autouse=True)
def analytics_dir(settings, tmp_path):
    settings.GDNN_ANALYTICS_DIR = str(tmp_path / "analytics")
    return tmp_path / "analytics"
