from django.urls import path

from accounts import views_otp

urlpatterns = [
    path("otp/setup/", views_otp.otp_setup, name="otp_setup"),
    path("otp/verify/", views_otp.otp_verify, name="otp_verify"),
]
