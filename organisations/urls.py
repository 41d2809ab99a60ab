from django.urls import path

from organisations import views

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_sent, name="register_sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm_email"),
]
