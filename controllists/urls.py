from django.urls import path

from . import views

app_name = "controllists"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("search/", views.search, name="search"),
    path("versions/", views.versions, name="versions"),
    path("versions/compare/", views.compare, name="compare"),
    path("entry/<str:code>/", views.entry, name="entry"),
]
