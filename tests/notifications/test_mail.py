"""A notice's e-mail is built by gdnn.common.mail, as every GDNN e-mail is: the prefixed
subject, the site's sender, the notice and its full link, the footer."""

import pytest

from gdnn.accounts.models import Role
from gdnn.common.mail import FOOTER, SUBJECT_PREFIX
from gdnn.notifications.models import Notification
from gdnn.notifications.services import notification_send
from tests.factories import user_with_role
from tests.jobs.helpers import run_queued_jobs

pytestmark = pytest.mark.django_db


def test_a_notice_is_mailed_with_the_shared_subject_sender_and_footer(mailoutbox, settings,
                                                                      django_capture_on_commit_callbacks):
    settings.GDNN_BASE_URL = "https://gdnn.example.vn"
    user = user_with_role("canbo", Role.VIEWER, None)
    user.email = "canbo@example.vn"
    user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        notice = notification_send(user=user, kind="approved", text="Báo cáo đã được phê duyệt.", link="/data/")
    assert notice is not None and mailoutbox == []  # the worker sends it, not the request
    assert run_queued_jobs() == 1
    [message] = mailoutbox
    assert message.to == ["canbo@example.vn"] and message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == SUBJECT_PREFIX + str(notice.get_kind_display())
    assert message.body == f"Báo cáo đã được phê duyệt.\n\nhttps://gdnn.example.vn/data/\n\n-- \n{FOOTER}\n"
    assert Notification.objects.get(pk=notice.pk).emailed
