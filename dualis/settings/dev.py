"""Local development: `make run`. DEBUG on, everything embedded unless DATABASE_URL/REDIS_URL are set."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
