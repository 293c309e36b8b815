"""DHIS2 DXF2 data value sets in JSON, both ways.

    {"dataSet": "INST_SEMIANNUAL", "period": "2025S1", "orgUnit": "CD-LS-01",
     "dataValues": [{"dataElement": "ENROLMENT", "categoryOptionCombo": "sex:female|training_level:college",
                     "value": "120"}]}

Top-level dataSet, period and orgUnit are defaults for each value, as in DHIS2. attributeOptionCombo,
storedBy, created, lastUpdated, comment and followup are read and ignored (GDNN records who and when
itself). With a mapped system, orgUnit, dataElement, categoryOptionCombo (DHIS2 UIDs or codes),
period and dataSet are translated through its mappings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils.translation import gettext

from gdnn.collection.uploads import ImportBatch, ImportRejected, ImportRow
from gdnn.exchange.mappings import Kind, Mapping
from gdnn.exchange.selectors import ValueRow, number_text

MACHINE_NUMBER = re.compile(r"-?\d+(\.\d+)?")
KINDS = {"dataElement": Kind.DATA_ELEMENT, "period": Kind.PERIOD, "orgUnit": Kind.ORG_UNIT,
         "categoryOptionCombo": Kind.CATEGORY_OPTION_COMBO, "dataSet": Kind.DATA_SET}


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(gettext("khóa “%(key)s” lặp lại trong cùng một đối tượng") % {"key": key[:40]})
        out[key] = value
    return out


def _value(raw: object) -> object:
    if isinstance(raw, str) and MACHINE_NUMBER.fullmatch(raw.strip()):
        return Decimal(raw.strip())
    if isinstance(raw, str) and raw.strip().casefold() in ("true", "false"):
        return raw.strip().casefold() == "true"
    return raw


def dxf2_read(*, data: bytes, name: str, mapping: Mapping) -> ImportBatch:
    try:
        payload = json.loads(data.decode("utf-8-sig"), object_pairs_hook=_pairs, parse_float=Decimal,
                             parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    except UnicodeDecodeError as exc:
        raise ImportRejected([gettext("Tệp “%(name)s” không phải văn bản UTF-8.") % {"name": name}]) from exc
    except json.JSONDecodeError as exc:
        raise ImportRejected([gettext("Tệp “%(name)s”, dòng %(line)d, cột %(column)d: JSON không hợp lệ (%(error)s).")
                              % {"name": name, "line": exc.lineno, "column": exc.colno, "error": exc.msg}]) from exc
    except (ValueError, RecursionError) as exc:
        raise ImportRejected([gettext("Tệp “%(name)s”: JSON không hợp lệ (%(error)s).") % {"name": name, "error": exc}]
                             ) from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("dataValues"), list):
        raise ImportRejected([gettext("Tệp “%(name)s”: cần một đối tượng JSON có danh sách “dataValues”.")
                              % {"name": name}])
    defaults = {}
    for key in ("dataSet", "period", "orgUnit"):
        value = payload.get(key)
        if value is not None and not isinstance(value, str):
            raise ImportRejected([gettext("Tệp “%(name)s”: “%(key)s” phải là một chuỗi.") % {"name": name, "key": key}])
        defaults[key] = (value or "").strip()
    rows, errors = [], []
    for i, item in enumerate(payload["dataValues"]):
        where = f"dataValues[{i}]"
        if not isinstance(item, dict):
            errors.append(gettext("%(where)s: phải là một đối tượng JSON.") % {"where": where})
            continue
        fields = {}
        for key in ("dataElement", "period", "orgUnit", "categoryOptionCombo"):
            value = item.get(key, defaults.get(key))
            if value is not None and not isinstance(value, str):
                errors.append(gettext("%(where)s: “%(key)s” phải là một chuỗi.") % {"where": where, "key": key})
                value = None
            fields[key] = (value or "").strip()
        if fields["dataElement"]:
            where = f"{where} (dataElement “{fields['dataElement']}”)"
        missing = [k for k in ("dataElement", "period", "orgUnit") if not fields[k]]
        if missing:
            errors.append(gettext("%(where)s: thiếu %(fields)s.")
                          % {"where": where, "fields": ", ".join(f"“{k}”" for k in missing)})
            continue
        if "value" not in item:
            errors.append(gettext("%(where)s: thiếu “value” (dùng null hoặc \"\" để xóa một giá trị).") % {"where": where})
            continue
        raw = item["value"]
        if not (raw is None or isinstance(raw, str | int | Decimal | bool)):
            errors.append(gettext("%(where)s: “value” phải là số hoặc chuỗi số.") % {"where": where})
            continue
        coc = fields["categoryOptionCombo"]
        coc = mapping.to_gdnn(Kind.CATEGORY_OPTION_COMBO, coc) if coc else ""
        rows.append(ImportRow(where, mapping.to_gdnn(Kind.ORG_UNIT, fields["orgUnit"]),
                              mapping.to_gdnn(Kind.PERIOD, fields["period"]),
                              mapping.to_gdnn(Kind.DATA_ELEMENT, fields["dataElement"]),
                              "" if coc.casefold() == "default" else coc, _value(raw),
                              data_set=mapping.to_gdnn(Kind.DATA_SET, defaults["dataSet"]).upper()
                              if defaults["dataSet"] else ""))
    if errors:
        raise ImportRejected(errors)
    return ImportBatch("dxf2", name, rows)


def dxf2_write(rows: Iterable[ValueRow], mapping: Mapping, *, audit: bool = False) -> Iterator[str]:
    """{"dataValues": [...]} one value a line; `audit` adds storedBy and lastUpdated (then two exports
    of the same values differ after a re-import, since GDNN stamps who and when itself)."""
    yield '{"dataValues": [\n'
    first = True
    for row in rows:
        value = {"dataElement": mapping.to_external(Kind.DATA_ELEMENT, row.element),
                 "period": mapping.to_external(Kind.PERIOD, row.period),
                 "orgUnit": mapping.to_external(Kind.ORG_UNIT, row.org_unit),
                 "categoryOptionCombo": mapping.outbound[Kind.CATEGORY_OPTION_COMBO].get(row.key)
                 or row.key or "default",
                 "value": number_text(row.value)}
        if audit:
            value["storedBy"] = row.stored_by
            value["lastUpdated"] = row.last_updated.isoformat(timespec="seconds")
        yield ("" if first else ",\n") + json.dumps(value, ensure_ascii=False)
        first = False
    yield "\n]}\n"
