"""The client's IP address, for django-axes' lockouts and the personal-data access log.

Behind reverse proxies REMOTE_ADDR is the nearest proxy's address, and every client would
share one lockout counter. ``OTBOR_TRUSTED_PROXIES`` says how many proxies stand in front
of Django, each appending the address it received the request from to X-Forwarded-For
(nginx: ``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for``). The client is
then the entry that many places from the right; anything further left is the client's own
claim and is never trusted. django-ipware counts proxies differently (it expects them
in the header themselves), hence these few lines.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "OTBOR_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < proxies:  # did not come through the proxies: the peer itself
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
