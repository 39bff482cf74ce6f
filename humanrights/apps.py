from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HumanrightsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "humanrights"
    verbose_name = _("Human rights and screening")
