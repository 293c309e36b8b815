"""Reads of the org-unit hierarchy, always as of a date."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext

from gdnn.common.errors import DomainError, NotFound
from gdnn.orgunits.models import OrgUnit, OrgUnitSuccession, valid_on_q


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def orgunit_get(*, code: str, on: dt.date | None = None) -> OrgUnit:
    """The unit with this code that is valid on the date (today by default)."""
    on = on or today()
    code = code.strip()
    units = list(OrgUnit.objects.filter(valid_on_q(on), code=code).select_related("parent"))
    if not units and code.isdigit() and len(code) < 5:
        # Accept "6" for province 06 or "186" for district 186, as people type them.
        for width in (2, 3, 5):
            units = list(OrgUnit.objects.filter(valid_on_q(on), code=code.zfill(width)).select_related("parent"))
            if units:
                break
    if not units:
        raise NotFound(gettext("Không có đơn vị mã %(code)s vào ngày %(date)s.") % {"code": code, "date": f"{on:%d/%m/%Y}"})
    units.sort(key=lambda u: ["province", "district", "commune", "institution"].index(u.level))
    return units[0]


def orgunit_institution_get(*, code: str) -> OrgUnit:
    """The vocational institution with this code, open or closed: an officer corrects or reopens
    one that was closed, whatever the date."""
    unit = (OrgUnit.objects.filter(level=OrgUnit.Level.INSTITUTION, code=code.strip()).select_related("parent")
            .order_by(F("valid_to").desc(nulls_first=True), "-pk").first())
    if unit is None:
        raise NotFound(gettext("Không có cơ sở GDNN mã %(code)s.") % {"code": code})
    return unit


def orgunit_institutions_closed(*, unit: OrgUnit, on: dt.date) -> QuerySet[OrgUnit]:
    """The institutions of a commune that had closed by `on`, the latest closed first."""
    return OrgUnit.objects.filter(parent=unit, level=OrgUnit.Level.INSTITUTION, valid_to__lt=on).order_by(
        "-valid_to", "code")


def orgunit_children(*, unit: OrgUnit, on: dt.date) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(valid_on_q(on), parent=unit).order_by("level", "code")


def orgunit_descendants(*, unit: OrgUnit, on: dt.date, level: str | None = None) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.filter(valid_on_q(on), path__startswith=unit.path).exclude(pk=unit.pk)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("path")


def orgunit_ancestors(*, unit: OrgUnit) -> list[OrgUnit]:
    """From the root down to the unit's parent (a unit's parent is always of its own era)."""
    ids = [int(x) for x in unit.path.strip("/").split("/") if x][:-1]
    by_id = OrgUnit.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def orgunit_successors(*, unit: OrgUnit) -> QuerySet[OrgUnitSuccession]:
    return OrgUnitSuccession.objects.filter(predecessor=unit).select_related("successor").order_by("successor__code")


def orgunit_predecessors(*, unit: OrgUnit) -> QuerySet[OrgUnitSuccession]:
    return OrgUnitSuccession.objects.filter(successor=unit).select_related("predecessor").order_by("predecessor__code")


def succession_shares(*, unit: OrgUnit) -> dict[int, Decimal]:
    """How a predecessor's figures divide among its successors; the shares sum to 1.

    Known shares are kept; the rest is split evenly among successors with no known share.
    """
    rows = list(OrgUnitSuccession.objects.filter(predecessor=unit).values_list("successor_id", "share"))
    return allocate_shares(rows)


def allocate_shares(rows: Iterable[tuple[int, Decimal | None]]) -> dict[int, Decimal]:
    rows = list(rows)
    if not rows:
        return {}
    known = {sid: Decimal(share) for sid, share in rows if share is not None}
    unknown = [sid for sid, share in rows if share is None]
    known_total = sum(known.values(), Decimal(0))
    if known_total > 1:
        known = {sid: share / known_total for sid, share in known.items()}
        known_total = Decimal(1)
    shares = dict(known)
    if unknown:
        each = (Decimal(1) - known_total) / len(unknown)
        shares.update({sid: each for sid in unknown})
    elif known_total and known_total != 1:
        shares = {sid: share / known_total for sid, share in shares.items()}
    return shares


def orgunit_current_units(*, unit: OrgUnit, on: dt.date | None = None,
                          successors: Callable[[OrgUnit], Iterable[OrgUnit]] | None = None) -> list[OrgUnit]:
    """The units valid on the date that a (possibly historical) unit now lives on in.
    successors: a unit's successor units, when the caller has them at hand (read once for many
    units); by default one query per unit passed through."""
    on = on or today()
    frontier, seen, result = [unit], set(), []
    while frontier:
        u = frontier.pop()
        if u.pk in seen:
            continue
        seen.add(u.pk)
        if u.is_valid_on(on):
            result.append(u)
            continue
        frontier.extend(successors(u) if successors is not None
                        else (s.successor for s in orgunit_successors(unit=u)))
    return sorted(result, key=lambda u: u.code)


@dataclass
class TreeNode:
    code: str
    name: str
    level: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    children: list[TreeNode] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "children": [c.to_dict() for c in self.children],
        }


def orgunit_tree(*, unit: OrgUnit, on: dt.date, depth: int = 1) -> TreeNode:
    """The unit and its descendants valid on the date, down to `depth` levels, in two queries."""
    root = TreeNode(unit.code, unit.name, unit.level, unit.valid_from, unit.valid_to)
    if depth <= 0:
        return root
    rows = (
        OrgUnit.objects.filter(valid_on_q(on), path__startswith=unit.path, depth__lte=unit.depth + depth)
        .exclude(pk=unit.pk)
        .order_by("depth", "code")
        .values_list("pk", "parent_id", "code", "name", "level", "valid_from", "valid_to")
    )
    nodes = {unit.pk: root}
    for pk, parent_id, code, name, level, vf, vt in rows:
        node = TreeNode(code, name, level, vf, vt)
        nodes[pk] = node
        parent = nodes.get(parent_id)
        if parent is not None:
            parent.children.append(node)
    return root


def _name_q(query: str) -> Q:
    # SQLite folds case for ASCII only: also try the capitalised words ("đà nẵng" → "Đà Nẵng").
    return Q(name__icontains=query) | Q(name__contains=query.title())


def orgunit_search(
    *, query: str, on: dt.date | None, limit: int = 20, within: QuerySet[OrgUnit] | None = None,
    level: str | None = None,
) -> QuerySet[OrgUnit]:
    """Units whose code starts with, or whose name contains, the query; valid on the date (any era
    when None, the current rows first)."""
    qs = OrgUnit.objects.all() if within is None else within
    if on is not None:
        qs = qs.filter(valid_on_q(on))
    if level:
        qs = qs.filter(level=level)
    query = unicodedata.normalize("NFC", query).replace("\x00", "").strip()[:100]  # PostgreSQL refuses NUL
    era = (F("valid_to").desc(nulls_first=True),)
    if query.isdigit():
        return qs.filter(code__startswith=query).order_by("code", *era)[:limit]
    return qs.filter(_name_q(query)).select_related("parent").order_by("level", "name", *era)[:limit]


# "Tỉnh Lạng Sơn (20)" or, for a unit of an earlier era, "Tỉnh Bắc Kạn (06 · đến 30/06/2025)".
_PICKED = re.compile(r"\((?P<code>[A-Za-z0-9-]{1,24})(?:\s*·[^)]*?(?P<until>\d{2}/\d{2}/\d{4}))?\)\s*$")
_CODE = re.compile(r"^[A-Za-z0-9-]{1,24}$")


def orgunit_picker_label(unit: OrgUnit) -> str:
    """The text a picker puts in the box for a unit; `orgunit_resolve` reads it back."""
    if unit.valid_to is not None:
        return f"{unit.name} ({unit.code} · đến {unit.valid_to:%d/%m/%Y})"
    return f"{unit.name} ({unit.code})"


def orgunit_resolve(
    *, text: str, on: dt.date | None = None, level: str | None = None, within: QuerySet[OrgUnit] | None = None,
) -> OrgUnit:
    """The one unit a person meant by a code, a name ("Lạng Sơn") or a picker label; valid on the date
    (any era when None, preferring the current one). NotFound or DomainError with a clear message."""
    text = unicodedata.normalize("NFC", text or "").replace("\x00", "").strip()[:250]
    if not text:
        raise DomainError(gettext("Hãy chọn một đơn vị (gõ tên hoặc mã)."))
    qs = OrgUnit.objects.all() if within is None else within
    if level:
        qs = qs.filter(level=level)
    dated = qs.filter(valid_on_q(on)) if on is not None else qs
    era = (F("valid_to").desc(nulls_first=True), "-valid_from")
    picked = _PICKED.search(text)
    code = picked.group("code") if picked else (text if _CODE.match(text) else "")
    if code:
        candidates = dated.filter(code=code)
        if picked and picked.group("until"):
            day, month, year = (int(x) for x in picked.group("until").split("/"))
            try:
                candidates = qs.filter(code=code, valid_to=dt.date(year, month, day))
            except ValueError:  # "31/02/2025": no such day, so no such unit
                candidates = qs.none()
        elif code.isdigit() and len(code) < 5 and not candidates.exists():
            candidates = dated.filter(code__in=[code.zfill(w) for w in (2, 3, 5)])
        found = candidates.order_by(*era).first()
        if found is not None:
            return found
        if picked:
            text = text[: picked.start()].strip()
    matches = list(dated.filter(_name_q(text)).order_by(*era, "level", "name")[:50])
    exact = [u for u in matches if u.name.casefold() == text.casefold()
             or u.name.casefold().endswith(" " + text.casefold())]
    current = [u for u in (exact or matches) if u.valid_to is None]
    for group in (exact, current, matches):
        names = {(u.name, u.level, u.valid_to) for u in group}
        if len(group) == 1 or (group and len(names) == 1 and len({u.code for u in group}) == 1):
            return group[0]
    if not matches:
        raise NotFound(gettext("Không tìm thấy đơn vị “%(text)s”. Hãy gõ tên (ví dụ “Lạng Sơn”) hoặc mã và chọn "
                               "trong danh sách.") % {"text": text})
    shown = "; ".join(orgunit_picker_label(u) for u in matches[:6])
    raise DomainError(gettext("Có nhiều đơn vị khớp “%(text)s”: %(units)s. Hãy chọn một đơn vị trong danh sách.")
                      % {"text": text, "units": shown + (" …" if len(matches) > 6 else "")})
