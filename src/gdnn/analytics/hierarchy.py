"""Where a reporting unit's figures land in each hierarchy, with shares.

Current hierarchy: a leaf (the unit that reported) maps to the current units it lives on in,
following successions (a split commune's figures divide among its successors by share), then up
to the current commune and province. Pre-2025 hierarchy: a current unit maps back to the units it
was formed from (evenly, since the source data gives no shares), then up their old path. Shares of
one leaf always sum to 1, so totals are kept in both hierarchies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from gdnn.orgunits.models import PRE_REFORM_END, OrgUnit, OrgUnitSuccession
from gdnn.orgunits.selectors import allocate_shares


@dataclass(frozen=True)
class CurrentPlace:
    unit_id: int
    commune_id: int | None
    province_id: int | None
    share: float


@dataclass
class UnitIndex:
    level: dict[int, str]
    parent: dict[int, int | None]
    path: dict[int, list[int]]
    pre_reform: set[int]
    successors: dict[int, list[tuple[int, object]]]
    predecessors: dict[int, list[int]]

    def ancestors(self, unit_id: int) -> list[int]:
        return self.path.get(unit_id, [unit_id])

    def of_level(self, unit_id: int, level: str) -> int | None:
        return next((u for u in self.ancestors(unit_id) if self.level.get(u) == level), None)


def unit_index() -> UnitIndex:
    level, parent, path, pre = {}, {}, {}, set()
    for pk, lv, parent_id, p, valid_to in OrgUnit.objects.values_list("pk", "level", "parent_id", "path", "valid_to"):
        level[pk], parent[pk] = lv, parent_id
        path[pk] = [int(x) for x in p.strip("/").split("/") if x] or [pk]
        if valid_to is not None and valid_to <= PRE_REFORM_END:
            pre.add(pk)
    successors: dict[int, list[tuple[int, object]]] = defaultdict(list)
    predecessors: dict[int, list[int]] = defaultdict(list)
    for old, new, share in OrgUnitSuccession.objects.values_list("predecessor_id", "successor_id", "share"):
        successors[old].append((new, share))
        predecessors[new].append(old)
    return UnitIndex(level, parent, path, pre, dict(successors), dict(predecessors))


def current_places(index: UnitIndex, leaf_id: int) -> list[CurrentPlace]:
    """The current units a leaf's figures go to, with shares summing to 1."""
    weights: dict[int, float] = defaultdict(float)
    frontier = [(leaf_id, 1.0)]
    for _ in range(8):  # successions chain at most a few steps
        nxt = []
        for unit, weight in frontier:
            if unit not in index.pre_reform or unit not in index.successors:
                weights[unit] += weight
                continue
            for successor, share in allocate_shares(index.successors[unit]).items():
                nxt.append((successor, weight * float(share)))
        frontier = nxt
        if not frontier:
            break
    for unit, weight in frontier:  # give up on cycles: keep where we are
        weights[unit] += weight
    return [
        CurrentPlace(unit, index.of_level(unit, "commune"), index.of_level(unit, "province"), weight)
        for unit, weight in sorted(weights.items())
    ]


def pre_reform_places(index: UnitIndex, leaf_id: int) -> list[tuple[int, float]]:
    """The pre-2025 units a leaf's figures go to, with shares summing to 1."""
    if leaf_id in index.pre_reform:
        return [(leaf_id, 1.0)]
    # An institution hangs under a current commune: go through its commune.
    anchor = leaf_id
    if index.level.get(leaf_id) == "institution":
        anchor = index.parent.get(leaf_id) or leaf_id
    olds = index.predecessors.get(anchor, [])
    if not olds:
        return []
    return [(old, 1.0 / len(olds)) for old in sorted(olds)]


def pre_reform_bridge(index: UnitIndex, leaf_ids: set[int]) -> list[tuple[int, int, float]]:
    """(leaf, ancestor in the pre-2025 hierarchy, share) for every ancestor, the old unit included."""
    rows = []
    for leaf in sorted(leaf_ids):
        for old, share in pre_reform_places(index, leaf):
            rows += [(leaf, ancestor, share) for ancestor in index.ancestors(old)]
        if leaf in index.pre_reform or index.level.get(leaf) != "institution":
            continue
        rows.append((leaf, leaf, 1.0))  # an institution is its own unit in either hierarchy
    return rows
