"""`gdnn manage build_province_shapes`: derive and cache the province boundaries of both eras (run by
`make install`; see gdnn.analysis.boundaries)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gdnn.analysis.boundaries import SHAPES_PATH, ShapesMissing, build_province_shapes


class Command(BaseCommand):
    help = "Build the cached province boundaries (63 pre-2025, 34 current) from the packaged source."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(SHAPES_PATH), help="where to write the GeoJSON")

    def handle(self, *args, **options):
        try:
            counts = build_province_shapes(node_modules=Path(settings.NODE_MODULES), out=Path(options["out"]))
        except ShapesMissing as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{options['out']}: {counts['old']} pre-2025 provinces, {counts['new']} current provinces")
