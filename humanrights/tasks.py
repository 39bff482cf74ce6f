"""Background work of the human-rights registers: party screening."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def screen_application(application_id: int) -> int:
    """Screen every party of an application against the registers and lists; returns the number of hits."""
    from .screening import screen_application as run

    return run(application_id)


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def rescreen_open_applications() -> int:
    """Screen the parties of every open application again (a list or register changed)."""
    from .screening import rescreen_open_applications as run

    return run()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def rescreen_for_record(record_type: str, record_id: int) -> int:
    """Screen again the parties of open applications a changed register record matches now or matched
    before; returns the number of parties screened."""
    from .screening import rescreen_for_record as run

    return run(record_type, record_id)
