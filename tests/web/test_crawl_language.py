"""Every role follows the links of every page (bounded) in Vietnamese and in English: no page shows a
string of the other language or a raw code (PROVINCE_ANNUAL). Data values (unit, plan and
catalog names without an English name, users' names) are data, not interface."""

from __future__ import annotations

import os
import re
from collections import deque
from pathlib import Path

import pytest
from django.conf import settings

from gdnn.accounts.models import User
from gdnn.collection.models import DataSet, DataSetElement, ValidationRule
from gdnn.indicators.models import Category, CategoryOption, DataElement, Indicator
from gdnn.jobs.models import Job
from gdnn.notifications.models import Notification
from gdnn.orgunits.models import OrgUnit
from gdnn.plans.models import Agency, Plan, Target
from tests.web.language import foreign_strings
from tests.web.test_crawl_roles import HREF, _local, world  # noqa: F401

pytestmark = pytest.mark.django_db
MAX_DEPTH, MAX_PAGES, MAX_VARIANTS = 3, 80, 2
# Pages of one kind (/catalog/elements/<id>/, /orgunits/<code>/) share a template: a couple of each suffice.
KIND = re.compile(r"/(?:\d+|[0-9A-Z][0-9A-Z_.-]*)(?=/)")
ROLES = ["system_admin", "province_officer", "commune_officer", "institution_reporter", "viewer"]


def data_values(language: str) -> tuple[set[str], list[str]]:
    """Names and texts that are data, shown as entered in whatever language they were entered:
    (whole texts, parts of texts). A catalog entry's Vietnamese name is data only where it has
    no English name; its English name is data as entered."""
    values: set[str] = set()
    units = set(OrgUnit.objects.values_list("name", flat=True))
    for plan in Plan.objects.all():
        values |= {plan.title or "", plan.issuer or "", plan.place or "", plan.doc_number or ""}
    for t in Target.objects.all():
        values |= {t.text, t.subject, t.value_label}
    values |= set(Agency.objects.values_list("name", flat=True))
    values |= {j.title for j in Job.objects.all()} | {n.text for n in Notification.objects.all()}
    values |= {f"{u.first_name} {u.last_name}".strip() for u in User.objects.all()} | {u.get_full_name() for u in
                                                                                    User.objects.all()}
    values |= set(ValidationRule.objects.values_list("message_vi", flat=True))
    values |= set(DataSetElement.objects.values_list("section", flat=True))
    values |= set(OrgUnit.objects.values_list("division_type", flat=True))
    for model in (Indicator, DataElement, DataSet, Category, CategoryOption):
        for obj in model.objects.all():
            values.add(obj.name_en)
            if language == "vi" or not obj.name_en:
                values.add(obj.name_vi)
    parts = sorted((v for v in values if v and len(v) > 1), key=len, reverse=True)
    names = set(OrgUnit.objects.filter(level=OrgUnit.Level.PROVINCE).values_list("name", flat=True))
    for province in OrgUnit.objects.filter(code__in=["20", "04"], level=OrgUnit.Level.PROVINCE):
        names |= set(OrgUnit.objects.filter(path__startswith=province.path).values_list("name", flat=True))
    parts = sorted({*parts, *names}, key=len, reverse=True)  # longest first: "Kinh" inside "Phường Đông Kinh"
    return values | units, parts


def crawl_language(client, language: str, data: tuple[set[str], list[str]]) -> dict[str, list[str]]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    variants: dict[str, int] = {}
    queue: deque[tuple[str, int]] = deque([("/", 0)])
    while queue and len(seen) < MAX_PAGES:
        path, depth = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        bad = foreign_strings(html, language, data)
        if bad:
            found[path] = bad
        if depth >= MAX_DEPTH:
            continue
        for href in HREF.findall(html):
            target = _local(f"http://testserver{path}", href)
            if not target or target in seen:
                continue
            bare = KIND.sub("/*", target.split("?")[0])
            variants[bare] = variants.get(bare, 0) + 1
            if variants[bare] <= MAX_VARIANTS:
                queue.append((target, depth + 1))
    return found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_speaks_one_language(client, world, language):  # noqa: F811 (the fixture)
    data = data_values(language)
    report = []
    for role in ROLES:
        client.force_login(world["users"][role])
        for path, texts in crawl_language(client, language, data).items():
            report.append(f"{role} {path}\n  " + "\n  ".join(dict.fromkeys(texts)))
    if os.environ.get("GDNN_LANGUAGE_REPORT"):
        Path(os.environ["GDNN_LANGUAGE_REPORT"]).write_text("\n".join(report), encoding="utf-8")
    assert report == [], "\n".join(report)


def test_the_administration_speaks_vietnamese(client, world):  # noqa: F811 (the fixture)
    """The admin's index, every list and every add form: model and field names in Vietnamese."""
    client.force_login(world["users"]["system_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    index = client.get("/admin/").content.decode()
    # Left out: the group form, whose permission list is named in the database by Django, in English.
    pages = ["/admin/", *sorted({href for href in HREF.findall(index)
                                 if re.fullmatch(r"/admin/\w+/\w+/(add/)?", href) and href != "/admin/auth/group/add/"})]
    data = data_values("vi")
    found = {}
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        # Admin screens are data tables: the interface words are what is checked here.
        bad = [t for t in foreign_strings(response.content.decode(), "vi", data)
               if not t.startswith("code:") and t != "en: Search"]  # the search icon's alt, fixed in Django
        if bad:
            found[path] = bad
    assert len(pages) > 20 and found == {}, found
