"""Celery application. Without REDIS_URL the settings make every task run eagerly (no services needed)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dualis.settings.dev")

app = Celery("dualis")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["licensing.customs"])  # customs webhook deliveries (licensing/customs/tasks.py)
