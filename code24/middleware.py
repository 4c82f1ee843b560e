"""Site-wide middleware."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


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
