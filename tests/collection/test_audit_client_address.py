"""Behind a trusted proxy, a saved cell's audit row and a submission's event carry the real client
address; a forwarded-for header from an untrusted peer is ignored."""

import pytest
from django.test import Client

from gdnn.collection.models import DataValueAudit, SubmissionEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
KEY = "disability:no|ethnicity:minority|sex:male|training_level:intermediate"


def test_the_cell_audit_and_the_submission_event_name_the_real_client(world, settings):
    settings.GDNN_TRUSTED_PROXIES = ["127.0.0.1"]
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.44")
    assert client.login(username=world.reporter.username, password=PASSWORD)
    base = f"/data/{world.inst.code}/{world.school.code}/{world.half.code}/"
    assert client.post(base + "cell/", {"element": "ENROLMENT", "key": KEY, "value": "12"}).status_code == 200
    forged = Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.44")  # not a trusted proxy
    assert forged.login(username=world.reporter.username, password=PASSWORD)
    assert forged.post(base + "cell/", {"element": "ENROLMENT", "key": KEY, "value": "13"}).status_code == 200
    client.post(base + "transition/", {"action": "submit"})
    assert list(DataValueAudit.objects.order_by("pk").values_list("client_address", flat=True)) == [
        "203.0.113.44", "198.51.100.9"]
    assert SubmissionEvent.objects.get().client_address == "203.0.113.44"
