"""Headers every response of the application gets (issue 15).

* ``Cache-Control: no-store`` (with ``private``/``max-age=0``): pages, API answers and files hold
  personal data; no browser or proxy cache may keep them. Static files never reach this
  middleware (whitenoise answers them first, with its own long cache headers).
* ``Permissions-Policy``: the product uses no camera, microphone, location, payment or USB;
  a script that got in anyway cannot ask for them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PrivacyHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
