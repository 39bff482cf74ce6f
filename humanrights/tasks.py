"""Background work of the human-rights registers (screening is filled in by the humanrights issue)."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def screen_application(application_id: int) -> int:
    """Screen every party of an application against the registers and lists; returns the number of hits."""
    from .screening import screen_application as run

    return run(application_id)
