"""The five public seed plans shipped with GDNN: demo data, parser fixtures and benchmark input."""

from __future__ import annotations

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent


def seed_paths() -> dict[str, Path]:
    """The seed plan files by their three-digit prefix ("000" … "004")."""
    return {path.name[:3]: path for path in sorted(SEEDS_DIR.glob("*.txt"))}
