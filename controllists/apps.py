from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControllistsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "controllists"
    verbose_name = _("Control lists")
