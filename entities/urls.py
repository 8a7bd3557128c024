from django.urls import path

from entities import views

urlpatterns = [
    path("", views.EntityListView.as_view(), name="entity-list"),
]
