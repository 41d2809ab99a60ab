"""The tokens page: a user creates (name, scopes, lifetime), lists and revokes their own
personal API tokens. The new token is shown once, on the page that answers the POST."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.rules import permission_required
from api.forms import TokenForm
from api.models import ApiToken
from api.tokens import TokenRefused, create_token, revoke_token, scopes_allowed_to, tokens_of

manage_tokens = permission_required("api.manage_tokens")


def _verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


@never_cache
@manage_tokens
def token_list(request: HttpRequest) -> HttpResponse:
    allowed = scopes_allowed_to(request.user)
    form = TokenForm(request.POST or None, allowed=allowed)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = create_token(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
                verified=_verified(request),
            )
        except TokenRefused as error:
            form.add_error(None, str(error))
        else:
            form = TokenForm(allowed=allowed)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "issued": issued, "tokens": tokens_of(request.user)},
    )


@manage_tokens
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = revoke_token(user=request.user, token_id=token_id)
    except ApiToken.DoesNotExist as error:
        raise Http404 from error
    messages.success(request, _("Токен «%(name)s» отозван.") % {"name": token.name})
    return redirect("api:tokens")
