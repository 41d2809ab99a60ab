from django.urls import path

from public import views

app_name = "public"

urlpatterns = [
    path("public/calls/", views.call_list, name="calls"),
    path("public/calls/<int:call_id>/", views.call_page, name="call"),
]
