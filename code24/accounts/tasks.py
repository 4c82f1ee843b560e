from celery import shared_task

from code24.accounts import services


@shared_task(name="code24.accounts.tasks.invitations_expire")
def invitations_expire() -> int:
    """Hourly: forget invitations that expired more than a week ago."""
    return services.invitations_expire()
