"""The follow-up pages for the agency and the lead, the overdue items in the calendar and the home
worklist, and the reminders (sent once)."""

import datetime as dt

import pytest
from django.urls import reverse

from gdnn.followup.models import TaskAssignment
from gdnn.followup.selectors import plan_matrix
from gdnn.followup.services import followup_reminders_send
from gdnn.notifications.models import Notification
from tests.factories import PASSWORD
from tests.followup.conftest import report_of, user

pytestmark = pytest.mark.django_db


def _login(client, username):
    u = user(username)
    u.set_password(PASSWORD)
    u.save()
    client.login(username=username, password=PASSWORD)
    return client


def test_the_matrix_shows_each_agencys_status_on_each_task(followed, client):
    plan, _ = followed
    matrix = plan_matrix(plan=plan, period="2025")
    states = {(a.agency.code if a.agency else a.agency_name, r.state if r else "")
              for row in matrix.rows for cell in row.cells if cell for a, r in [cell]}
    assert {("so-gddt", "approved"), ("so-nn-mt", "returned"), ("dan-toc", "submitted"), ("so-khcn", "")} <= states
    page = _login(client, "sogddt.langson").get(reverse("followup:matrix", args=[plan.pk]) + "?period=2025")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="matrix"' in html and "Sở Khoa học và Công nghệ" in html
    assert 'id="compile-link"' in html  # the lead compiles


def test_the_compilation_page_is_the_leads_alone(followed, client):
    plan, _ = followed
    url = reverse("followup:compile", args=[plan.pk, "2025"])
    lead = _login(client, "sogddt.langson").get(url)
    assert lead.status_code == 200 and "Kế hoạch tuyển sinh giáo dục nghề nghiệp năm 2025" in lead.content.decode()
    client.logout()
    assert _login(client, "sotc.langson").get(url).status_code == 404


def test_the_agency_sees_its_returned_report_on_its_list_the_home_page_and_the_calendar(followed, client):
    plan, _ = followed
    returned = report_of(plan, "so-nn-mt")
    c = _login(client, "sonnmt.langson")
    link = reverse("followup:report", args=[returned.pk])
    for name in ("followup:mine", "home", "plan-calendar"):
        html = c.get(reverse(name)).content.decode()
        assert link in html, name
    assert 'id="followup-overdue"' in c.get(reverse("plan-calendar")).content.decode()
    client.logout()
    lead_home = _login(client, "sogddt.langson").get(reverse("home")).content.decode()
    assert 'id="work-task-reviews"' in lead_home  # Sở Dân tộc và Tôn giáo's report awaits review


def test_the_lead_adds_and_removes_an_assignment_and_an_agency_may_not(followed, client):
    plan, _ = followed
    url = reverse("followup:assign", args=[plan.pk])
    c = _login(client, "sotc.langson")
    assert c.post(url, {"action": "add", "agency_name": "Sở Y tế", "role": "cooperate", "task": "x"}).status_code == 403
    client.logout()
    c = _login(client, "sogddt.langson")
    c.post(url, {"action": "add", "agency_name": "Sở Y tế", "role": "cooperate",
                 "task": "Phối hợp đào tạo nhân lực y tế."})
    added = TaskAssignment.objects.get(plan=plan, agency__code="so-y-te")
    assert added.role == "cooperate" and added.org_unit == plan.org_unit
    c.post(url, {"action": "remove", "assignment": added.pk})
    added.refresh_from_db()
    assert not added.active


def test_reminders_go_once_to_the_agencies_that_have_not_sent_their_report(followed):
    plan, _ = followed
    khcn, gddt = user("sokhcn.langson"), user("sogddt.langson")
    first = followup_reminders_send(on=dt.date(2026, 1, 10))  # the 2025 report was due 20/12/2025
    assert first.overdue > 0
    overdue = Notification.objects.filter(kind=Notification.Kind.OVERDUE)
    assert overdue.filter(user=khcn).exists()
    accepted = report_of(plan, "so-gddt").assignment
    assert not overdue.filter(user=gddt, key__endswith=f":{accepted.pk}:2025").exists()
    assert followup_reminders_send(on=dt.date(2026, 1, 10)).overdue == 0  # nothing twice
    soon = followup_reminders_send(on=dt.date(2026, 12, 15))
    assert soon.due_soon > 0 and Notification.objects.filter(kind=Notification.Kind.DUE_SOON, user=khcn).exists()


def test_the_provinces_officers_read_the_sent_reports_the_matrix_links(followed, client):
    """Every state badge of the matrix that links opens the report: an officer of the province, not of
    the lead agency, reads the sent ones; an agency's draft shows its state without a link (and stays
    the agency's); another agency's officer and a commune's officer read none of them."""
    from gdnn.accounts.models import Role
    from gdnn.followup.models import TaskReport
    from gdnn.orgunits.models import OrgUnit
    from tests.factories import user_with_role

    plan, province = followed
    draft = report_of(plan, "dan-toc")
    TaskReport.objects.filter(pk=draft.pk).update(state=TaskReport.State.DRAFT)
    sent = [report_of(plan, code) for code in ("so-gddt", "so-nn-mt")]
    user_with_role("tinh.doc", Role.PROVINCE_OFFICER, province)
    matrix = reverse("followup:matrix", args=[plan.pk]) + "?period=2025"
    html = _login(client, "tinh.doc").get(matrix).content.decode()
    for report in sent:
        link = reverse("followup:report", args=[report.pk])
        assert f'href="{link}"' in html
        page = client.get(link)
        assert page.status_code == 200 and report.assignment.agency.name in page.content.decode()
    draft_link = reverse("followup:report", args=[draft.pk])
    assert f'href="{draft_link}"' not in html and client.get(draft_link).status_code == 404
    client.logout()
    other_agency = _login(client, "sotc.langson").get(matrix).content.decode()
    own = report_of(plan, "so-tai-chinh")
    assert f'href="{reverse("followup:report", args=[own.pk])}"' in other_agency
    assert all(f'href="{reverse("followup:report", args=[r.pk])}"' not in other_agency for r in sent)
    client.logout()
    commune = OrgUnit.objects.filter(path__startswith=province.path, level=OrgUnit.Level.COMMUNE,
                                     valid_to__isnull=True).order_by("code").first()
    user_with_role("xa.doc", Role.COMMUNE_OFFICER, commune)
    _login(client, "xa.doc")
    assert client.get(reverse("followup:report", args=[sent[0].pk])).status_code == 404
