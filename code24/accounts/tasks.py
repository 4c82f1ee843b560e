import smtplib

from celery import shared_task

from code24.accounts import services


@shared_task(
    name="code24.accounts.tasks.invitation_send",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=8,
)
def invitation_send(invitation_id: int) -> None:
    """Email an invitation once; a mail server that fails is retried with backoff.

    Late acks mean a message can be delivered twice (a worker lost after sending, a
    duplicate from the broker): the row records the sending, so a second run sends nothing.
    """
    services.invitation_send_once(invitation_id=invitation_id)


@shared_task(name="code24.accounts.tasks.invitations_expire")
def invitations_expire() -> int:
    """Hourly: forget invitations that expired more than a week ago."""
    return services.invitations_expire()
