import smtplib

from celery import shared_task

from code24.accounts import services
from code24.accounts.models import Invitation


@shared_task(
    name="code24.accounts.tasks.invitation_send",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=8,
)
def invitation_send(invitation_id: int) -> None:
    """Email an invitation; a mail server that fails is retried with backoff."""
    invitation = Invitation.objects.select_related("account").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_pending:
        return  # revoked, accepted or expired meanwhile: nothing to send
    services.invitation_send(invitation=invitation)


@shared_task(name="code24.accounts.tasks.invitations_expire")
def invitations_expire() -> int:
    """Hourly: forget invitations that expired more than a week ago."""
    return services.invitations_expire()
