from django.urls import path

from calls import views

app_name = "calls"

urlpatterns = [
    path("calls/", views.calls, name="calls"),
    path("calls/<int:call_id>/scenario.xlsx", views.macro_export, name="macro_export"),
    path("calls/<int:call_id>/scenario/import/", views.macro_import, name="macro_import"),
]
