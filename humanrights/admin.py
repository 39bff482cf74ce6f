from django.contrib import admin

from .models import CountryConcern, CountryMeasure, Denial, EndUserConcern

admin.site.register(CountryMeasure)
admin.site.register(CountryConcern)
admin.site.register(EndUserConcern)
admin.site.register(Denial)
