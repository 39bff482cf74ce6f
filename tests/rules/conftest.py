import django
from django.conf import settings

if not settings.configured:
    settings.configure(USE_I18N=True, LANGUAGE_CODE="en")
    django.setup()
