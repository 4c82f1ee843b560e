"""Site-wide middleware."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse


class ContentLengthMiddleware:
    """A Content-Length header that is not a number of bytes answers 400.

    Django reads the header again when a view first touches the body, and a value such
    as "abc" then raises ValueError: a 500. Gunicorn refuses such requests itself, but
    runserver and other WSGI servers pass them on.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = str(request.META.get("CONTENT_LENGTH") or "").strip()
        if length and not (length.isascii() and length.isdigit()):
            return HttpResponseBadRequest(
                "The Content-Length header must be the size of the body in bytes.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


# Every page of Code24 loads only its own files: scripts and styles from static/ (no inline
# <script>, no style="" attributes), images from itself or data: URLs, frames only the
# site preview (which sets a stricter policy of its own). Pages that need more (none yet)
# set their own Content-Security-Policy header, which this middleware then leaves alone.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
# The dashboard uses none of these powerful features; nothing it embeds may either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy and a Permissions-Policy on every response that
    does not set its own (the site preview does)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class InvalidFormStatusMiddleware:
    """A POST whose form comes back with errors answers 400, not 200.

    Django and allauth re-render an invalid form with status 200; clients, tests and
    monitoring should see that the input was refused. This applies to every
    TemplateResponse (allauth's views and ours), in one place.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_template_response(
        self, request: HttpRequest, response: TemplateResponse
    ) -> TemplateResponse:
        if request.method == "POST" and response.status_code == 200:
            context = response.context_data or {}
            if any(
                isinstance(value, forms.BaseForm) and value.is_bound and value.errors
                for value in context.values()
            ):
                response.status_code = 400
        return response
