"""DHIS2 ADX (IHE QRPH Aggregate Data Exchange) XML, both ways.

    <adx xmlns="urn:ihe:qrph:adx:2015">
      <group dataSet="INST_SEMIANNUAL" orgUnit="CD-LS-01" period="2025-01-01/P6M">
        <dataValue dataElement="ENROLMENT" sex="female" training_level="college" value="120"/>
      </group>
    </adx>

Periods are ISO 8601 start/duration as DHIS2 writes them: a year "2025-01-01/P1Y" (GDNN 2025), a
half "2025-01-01/P6M" (2025S1) or "2025-07-01/P6M" (2025S2); a DHIS2 period id ("2025S1") is read
too. Each further attribute of a dataValue is one disaggregation: category="option". A mapped
system translates codes both ways (gdnn.exchange.mappings). Parsing uses lxml with entities,
DTDs and network access off; a file with a DOCTYPE is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import quoteattr

from django.utils.translation import gettext
from lxml import etree

from gdnn.collection.keys import disagg_key
from gdnn.collection.uploads import ImportBatch, ImportRejected, ImportRow
from gdnn.exchange.mappings import Kind, Mapping
from gdnn.exchange.selectors import ValueRow, number_text

NS = "urn:ihe:qrph:adx:2015"
GROUP_FIXED = {"orgUnit", "period", "dataSet", "completeDate"}
VALUE_FIXED = {"dataElement", "value"}
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})/P(1Y|6M|12M)$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,79}$")


def period_to_adx(code: str) -> str:
    if "S" in code:
        year, half = code.split("S")
        return f"{year}-{'01' if half == '1' else '07'}-01/P6M"
    return f"{code}-01-01/P1Y"


def period_from_adx(text: str) -> str:
    """GDNN's period code for an ADX period; ValueError naming what is accepted."""
    match = _ISO.match(text.strip())
    if match:
        year, month, day, duration = match.groups()
        if day == "01" and duration in ("1Y", "12M") and month == "01":
            return year
        if day == "01" and duration == "6M" and month in ("01", "07"):
            return f"{year}S{1 if month == '01' else 2}"
        raise ValueError(text)
    if "/" in text:
        raise ValueError(text)
    return text.strip()  # a DHIS2 period id (2025S1, 2025) or a mapped code; checked on import


def _line(el) -> str:
    """Where a value came from, kept with its row: the data-value import words its own refusals around it
    in Vietnamese, so this stays Vietnamese too."""
    return f"Dòng {el.sourceline}" if el.sourceline else "Tệp"


def _at(el) -> str:
    """Where a problem of the file itself is, in the reader's language."""
    return gettext("Dòng %(line)d") % {"line": el.sourceline} if el.sourceline else gettext("Tệp")


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def adx_read(*, data: bytes, name: str, mapping: Mapping) -> ImportBatch:
    """Every dataValue of the file as rows in GDNN codes; ImportRejected naming each bad line."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if getattr(exc, "lineno", None) else "?"
        raise ImportRejected([gettext("Tệp “%(name)s”, dòng %(line)s: XML không hợp lệ (%(error)s).")
                              % {"name": name, "line": line, "error": exc.msg}]) from exc
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ImportRejected([gettext("Tệp “%(name)s”: không nhận tệp ADX có khai báo DOCTYPE.") % {"name": name}])
    if _local(root) != "adx":
        raise ImportRejected([gettext("Tệp “%(name)s”, dòng %(line)s: phần tử gốc phải là <adx> "
                                      "(không gian tên %(namespace)s), không phải <%(element)s>.")
                              % {"name": name, "line": root.sourceline, "namespace": NS, "element": _local(root)}])
    rows: list[ImportRow] = []
    errors: list[str] = []
    for group in root:
        if not isinstance(group.tag, str):
            continue
        if _local(group) != "group":
            errors.append(gettext("%(where)s: phần tử <%(element)s> không hợp lệ; chỉ nhận <group>.")
                          % {"where": _at(group), "element": _local(group)})
            continue
        missing = [a for a in ("orgUnit", "period") if not group.get(a, "").strip()]
        if missing:
            errors.append(gettext("%(where)s: <group> thiếu thuộc tính %(attributes)s.")
                          % {"where": _at(group), "attributes": ", ".join(missing)})
            continue
        unit = mapping.to_gdnn(Kind.ORG_UNIT, group.get("orgUnit").strip())
        raw_period = group.get("period").strip()
        if mapping.has(Kind.PERIOD, raw_period):
            period = mapping.to_gdnn(Kind.PERIOD, raw_period)
        else:
            try:
                period = period_from_adx(raw_period)
            except ValueError:
                errors.append(gettext("%(where)s: kỳ “%(period)s” không tương ứng với kỳ nào của GDNN (dùng "
                                      "YYYY-01-01/P1Y, YYYY-01-01/P6M hoặc YYYY-07-01/P6M).")
                              % {"where": _at(group), "period": raw_period})
                continue
        data_set = mapping.to_gdnn(Kind.DATA_SET, group.get("dataSet", "").strip()) if group.get("dataSet") else ""
        for dv in group:
            if not isinstance(dv.tag, str):
                continue
            element_external = dv.get("dataElement", "").strip()
            where = f"{_line(dv)} (dataElement “{element_external}”)" if element_external else _line(dv)
            at = f"{_at(dv)} (dataElement “{element_external}”)" if element_external else _at(dv)
            if _local(dv) != "dataValue":
                errors.append(gettext("%(where)s: phần tử <%(element)s> không hợp lệ trong <group>.")
                              % {"where": _at(dv), "element": _local(dv)})
                continue
            if not element_external or dv.get("value") is None:
                errors.append(gettext("%(where)s: <dataValue> cần thuộc tính dataElement và value.") % {"where": at})
                continue
            try:
                key = _key(dv, mapping)
            except ValueError as exc:
                errors.append(f"{at}: {exc}")
                continue
            rows.append(ImportRow(where, unit, period, mapping.to_gdnn(Kind.DATA_ELEMENT, element_external), key,
                                  dv.get("value").strip(), data_set=data_set.upper()))
    if errors:
        raise ImportRejected(errors)
    return ImportBatch("adx", name, rows)


def _key(dv, mapping: Mapping) -> str:
    """The disaggregation key of a dataValue from its other attributes (mapped when a system is used)."""
    pairs = sorted((k, v.strip()) for k, v in dv.attrib.items() if k not in VALUE_FIXED and not k.startswith("{"))
    if not pairs:
        return ""
    combined = "|".join(f"{k}:{v}" for k, v in pairs)
    if mapping.has(Kind.CATEGORY_OPTION_COMBO, combined):
        return mapping.to_gdnn(Kind.CATEGORY_OPTION_COMBO, combined)
    options: dict[str, str] = {}
    for k, v in pairs:
        cat, sep, opt = mapping.to_gdnn(Kind.CATEGORY_OPTION, f"{k}:{v}").partition(":")
        if not sep or not opt:
            raise ValueError(gettext("phân tổ %(attribute)s=“%(value)s” không đọc được.") % {"attribute": k, "value": v})
        if cat in options:
            raise ValueError(gettext("phân tổ “%(category)s” xuất hiện hai lần.") % {"category": cat})
        options[cat.lower() if not mapping.system else cat] = opt
    return disagg_key(options)


def _attrs(key: str, mapping: Mapping) -> str:
    if not key:
        return ""
    out = []
    for pair in key.split("|"):
        cat, _, opt = mapping.to_external(Kind.CATEGORY_OPTION, pair).partition(":")
        if not _NAME.match(cat):
            raise ValueError(cat)
        out.append(f" {cat}={quoteattr(opt)}")
    return "".join(out)


def adx_write(rows: Iterable[ValueRow], mapping: Mapping) -> Iterator[str]:
    """The rows (ordered by unit, period, data set) as ADX, in pieces fit for a streaming response."""
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<adx xmlns="{NS}">\n'
    current = None
    for row in rows:
        group = (row.data_set, row.org_unit, row.period)
        if group != current:
            if current is not None:
                yield "  </group>\n"
            current = group
            period = mapping.outbound[Kind.PERIOD].get(row.period) or period_to_adx(row.period)
            yield (f"  <group dataSet={quoteattr(mapping.to_external(Kind.DATA_SET, row.data_set))} "
                   f"orgUnit={quoteattr(mapping.to_external(Kind.ORG_UNIT, row.org_unit))} "
                   f"period={quoteattr(period)}>\n")
        element = mapping.to_external(Kind.DATA_ELEMENT, row.element)
        yield (f"    <dataValue dataElement={quoteattr(element)}{_attrs(row.key, mapping)} "
               f"value=\"{number_text(row.value)}\"/>\n")
    if current is not None:
        yield "  </group>\n"
    yield "</adx>\n"
