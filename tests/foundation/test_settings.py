import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    drop = ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the browser tests set the last one
    full_env = {k: v for k, v in os.environ.items() if k not in drop}
    full_env.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_production_settings_pass_check_deploy():
    r = _manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SETTINGS_MODULE="dualis.settings.prod",
                SECRET_KEY="x" * 20 + "production-secret-key-for-the-check-0123456789")
    assert r.returncode == 0, r.stdout + r.stderr


def test_production_refuses_demo_data():
    r = _manage("load_demo_data", DJANGO_SETTINGS_MODULE="dualis.settings.prod",
                SECRET_KEY="y" * 60, DATABASE_URL="sqlite:////tmp/dualis-prod-check.sqlite3")
    assert r.returncode != 0 and "never loaded with production settings" in r.stderr


def test_embedded_default_runs_without_services():
    """With no DATABASE_URL/REDIS_URL: SQLite in var/ and eager Celery."""
    code = ("import django,os;os.environ['DJANGO_SETTINGS_MODULE']='dualis.settings.dev';django.setup();"
            "from django.conf import settings as s;"
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert r.stdout.split() == ["django.db.backends.sqlite3", "True"], r.stderr
