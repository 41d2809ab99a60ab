from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.forms import RussianPasswordResetForm
from accounts.roles import Role, roles_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to where its work is."""
    roles = roles_of(request.user)
    if Role.APPLICANT in roles:
        return redirect("portal:my_list")
    if roles & {Role.SECRETARY, Role.ADMINISTRATOR}:
        return redirect("calls:calls")
    if roles & {Role.MEMBER, Role.CHAIR}:
        return redirect("admin:index")
    if Role.ANALYST in roles:
        return redirect("analytics:regions")
    return render(request, "accounts/no_role.html")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's page with the Russian, throttled form (it needs the request for the address)."""

    form_class = RussianPasswordResetForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}
