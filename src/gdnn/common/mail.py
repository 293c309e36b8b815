"""Every e-mail GDNN sends to a person is built here, so that all of them look alike: the subject's
prefix, the sender (DEFAULT_FROM_EMAIL) and the closing footer. Notices to users
(gdnn.notifications.services), survey links to respondents who are not users
(gdnn.labour.services.waves) and password links (gdnn.accounts.administration) all go through
`mail_send`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

SUBJECT_PREFIX = "[GDNN] "
FOOTER = "Thư này được gửi tự động từ hệ thống GDNN; xin đừng trả lời thư này."


def mail_message(*, to: str, subject: str, body: str) -> EmailMessage:
    """One e-mail to one address: the prefixed subject, GDNN's sender, the body and the footer."""
    return EmailMessage(subject=SUBJECT_PREFIX + subject, body=f"{body.rstrip()}\n\n-- \n{FOOTER}\n",
                        from_email=settings.DEFAULT_FROM_EMAIL, to=[to])


def mail_send(*, to: str, subject: str, body: str) -> None:
    """Send `mail_message` now, to a user's or any other address; what the mail server raises
    (OSError, smtplib.SMTPException) reaches the caller, which decides what a failure means."""
    mail_message(to=to, subject=subject, body=body).send()
