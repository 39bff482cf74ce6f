"""Celery tasks of the licensing app: notification e-mails."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_application_email(application_id: int, event: str) -> int:
    from licensing.services.notifications import send

    return send(application_id, event)
