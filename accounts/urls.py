from django.urls import path

from accounts import views_otp

urlpatterns = [
    path("otp/setup/", views_otp.otp_setup, name="otp_setup"),
    path("otp/setup/link/", views_otp.otp_enrol_send, name="otp_enrol_send"),
    path("otp/enrol/<str:token>/", views_otp.otp_enrol_confirm, name="otp_enrol_confirm"),
    path("otp/verify/", views_otp.otp_verify, name="otp_verify"),
    path("otp/backup-codes/", views_otp.otp_backup_codes, name="otp_backup_codes"),
]
