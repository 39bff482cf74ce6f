"""Tests: the real PostgreSQL and Redis on localhost (see Makefile `test`), never SQLite."""
import hashlib

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, DATABASES, env

# Each checkout gets its own test database so parallel work trees do not collide.
_slug = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:8]
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=f"test_dualis_{_slug}")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = env.bool("AXES_ENABLED", default=False)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = str(BASE_DIR / "var" / f"test-media-{_slug}")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_DEFAULT_QUEUE = f"dualis-test-{_slug}"
REST_FRAMEWORK = {**REST_FRAMEWORK}  # noqa: F405
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"api_client": "100000/minute"}
