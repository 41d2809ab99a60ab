from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from accounts import views as account_views
from accounts.forms import SignInForm
from accounts.views import ThrottledPasswordResetView
from config.health import healthz

admin.site.site_header = _("Отбор — администрирование")
admin.site.site_title = _("Отбор")
admin.site.index_title = _("Конкурсный отбор инвестиционных проектов")

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("organisations.urls")),
    path("", include("portal.urls")),
    path("", include("calls.urls")),
    path("", include("screening.urls")),
    path("", include("public.urls")),
    path("", include("analytics.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "accounts.views.not_found"
handler403 = "accounts.views.forbidden"
