"""Webhook delivery with retries and exponential back-off (30 s, 1 min, 2 min, … up to 1 h, with jitter)."""

from celery import shared_task


class DeliveryFailed(Exception):
    """The receiver did not answer 2xx; Celery retries the task."""


MAX_RETRIES = 8


@shared_task(
    bind=True, acks_late=True, autoretry_for=(DeliveryFailed,), retry_backoff=30, retry_backoff_max=3600,
    retry_jitter=True, max_retries=MAX_RETRIES,
)
def deliver_webhook(self, delivery_id: int) -> bool:
    from licensing.services import webhooks

    last_try = self.request.retries >= self.max_retries
    if webhooks.attempt(delivery_id, last_try=last_try):
        return True
    if last_try:
        return False  # recorded as failed; visible in the admin, where it can be sent again
    raise DeliveryFailed(f"webhook delivery {delivery_id} failed")
