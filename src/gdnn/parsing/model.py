"""Typed values passed between the pipeline stages (load → normalise → segment → extract → link)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    """Where an item sits in the normalised text: 1-based lines, 0-based character offsets."""

    start_line: int
    end_line: int
    start_char: int
    end_char: int

    def to_dict(self) -> dict[str, int]:
        return {
            "start_line": self.start_line,
            "end_line": self.end_line,
            "start_char": self.start_char,
            "end_char": self.end_char,
        }


@dataclass
class RawDocument:
    """Output of *load*: the text of a file, still with its original line breaks."""

    filename: str
    text: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class NormalisedDocument:
    """Output of *normalise*: NFC text, markup removed, wrapped lines joined (one paragraph a line)."""

    filename: str
    text: str
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)  # a legal portal's table: number, issuer, date


@dataclass
class Block:
    """One logical line of the normalised text (a heading, bullet or paragraph)."""

    index: int
    line_no: int  # 1-based line in the normalised text
    start: int  # character offset of the line
    marker: str  # "I.", "1.", "2.1.", "a)", "-" or ""
    kind: str  # roman | arabic | decimal | letter | bullet | plus | none
    text: str  # the line without its marker
    text_start: int  # character offset of ``text``
    parents: list[int] = field(default_factory=list)  # indexes of enclosing heading blocks
    section: str = ""  # section kind (vocab/sections.toml) of the enclosing top-level section

    @property
    def rank(self) -> int:
        return KIND_RANK[self.kind]

    @property
    def end(self) -> int:
        return self.text_start + len(self.text)


KIND_RANK = {"roman": 1, "arabic": 2, "decimal": 3, "letter": 4, "bullet": 5, "plus": 6, "none": 9}


@dataclass(frozen=True)
class Frame:
    """A sentence that sets the period once for what follows ("Năm 2019, ...", "Đến năm 2025, huyện
    phấn đấu ..."): from ``start`` (a character offset) on, figures without a year of their own take
    ``years`` (two when the period has two ends: "Giai đoạn 2020 - 2025 và đến năm 2030")."""

    start: int
    section: str
    years: tuple[int, ...]


@dataclass
class SegmentedDocument:
    """Output of *segment*: blocks with their heading tree and the section each belongs to."""

    filename: str
    text: str
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    # Set by the *passages* stage: the period each sentence sets for the ones after it, the headline
    # and caption blocks of a news item, and the year its headline names.
    frames: list[Frame] = field(default_factory=list)
    frame_starts: list[int] = field(default_factory=list)
    headlines: set[int] = field(default_factory=set)
    headline_year: int | None = None

    _line_starts: list[int] = field(default_factory=list, repr=False)

    def span(self, start: int, end: int) -> Span:
        if not self._line_starts:
            self._line_starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        start_line = bisect_right(self._line_starts, start)
        end_line = bisect_right(self._line_starts, max(start, end - 1))
        return Span(start_line, end_line, start, end)


@dataclass
class Target:
    text: str
    subject: str
    value_min: float | None
    value_max: float | None
    unit: str
    comparator: str
    year: int | None
    span: Span
    context: str = ""  # the clause, used by the linker
    indicator: str | None = None
    confidence: float = 0.0
    kind: str = "point"  # point (a level at a year) | per_year (each year) | period_total (over a period)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "subject": self.subject,
            "value_min": _num(self.value_min),
            "value_max": _num(self.value_max),
            "unit": self.unit,
            "comparator": self.comparator,
            "year": self.year,
            "kind": self.kind,
            "indicator": self.indicator,
            "confidence": round(self.confidence, 3),
            "span": self.span.to_dict(),
        }


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


@dataclass
class Agency:
    name: str
    role: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "span": self.span.to_dict()}


@dataclass
class ReportingDuty:
    who: str | None
    frequency: str
    to: str | None
    span: Span
    deadline: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"who": self.who, "frequency": self.frequency, "to": self.to}
        if self.deadline:
            d["deadline"] = self.deadline
        d["span"] = self.span.to_dict()
        return d


@dataclass
class TextItem:
    """A verbatim item with its span (task-group heading, funding source)."""

    text: str
    span: Span


@dataclass
class Reference:
    identifier: str
    span: Span


@dataclass
class PlanDraft:
    """Everything the parser found in one plan document."""

    file: str
    text: str = ""
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None
    place: str | None = None
    level: str | None = None
    title: str | None = None
    references: list[Reference] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    task_groups: list[TextItem] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    reporting: list[ReportingDuty] = field(default_factory=list)
    funding_sources: list[TextItem] = field(default_factory=list)
    header_spans: dict[str, Span] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The gold schema plus spans, indicator codes, confidences and warnings."""
        return {
            "file": self.file,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "date": self.date,
            "place": self.place,
            "level": self.level,
            "title": self.title,
            "header_spans": {k: v.to_dict() for k, v in self.header_spans.items()},
            "references": [r.identifier for r in self.references],
            "reference_spans": [r.span.to_dict() for r in self.references],
            "targets": [t.to_dict() for t in self.targets],
            "task_groups": [t.text for t in self.task_groups],
            "task_group_spans": [t.span.to_dict() for t in self.task_groups],
            "agencies": [a.to_dict() for a in self.agencies],
            "reporting": [r.to_dict() for r in self.reporting],
            "funding_sources": [f.text for f in self.funding_sources],
            "funding_source_spans": [f.span.to_dict() for f in self.funding_sources],
            "warnings": list(self.warnings),
        }
