"""Plan documents → PlanDraft (pure Python, no Django).

Stages: load → normalise → segment → extract → link (see ``pipeline.py``).
"""

from gdnn.parsing.errors import DocumentError
from gdnn.parsing.model import PlanDraft
from gdnn.parsing.pipeline import parse_document, parse_text

__all__ = ["DocumentError", "PlanDraft", "parse_document", "parse_text"]
