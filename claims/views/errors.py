"""The browser's one error layer: a domain error (claims/errors.py) raised by a view is answered here.

- `DomainErrorMiddleware`: any DomainError a view lets escape becomes the error page with the
  error's own status and message (403, 404, 409, 412, 413, ...); under /api/ (a plain Django view,
  not DRF) it becomes the API's problem details instead. Views therefore never catch a domain
  error just to show it.
- `refusal_redirects(to)`: for a form's POST whose refusal belongs on the page the form lives on
  (post/redirect/get): the message is shown there, as a flash message, with nothing changed.
- A view that re-renders its own form with what the person typed (the workspace panel, the
  import and source forms) catches the error where it has the form, and shows `error.message`
  with `error.status_code`; claims.views.claims._claim_action does it once for every panel form.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from claims.errors import DomainError

API_PREFIX = "/api/"


def error_page(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """The browser's 4xx page: the message in the site's layout, with the status."""
    return render(request, "claims/error.html", {"message": message, "status": status}, status=status)


def domain_error_response(request: HttpRequest, error: DomainError) -> HttpResponse:
    """How a domain error nobody handled is answered: problem details under /api/, else the error page."""
    if request.path.startswith(API_PREFIX):
        from claims.api.problems import problem

        return problem(error.status_code, error.message, error.code, instance=request.path, fields=error.fields)
    return error_page(request, error.message, error.status_code)


class DomainErrorMiddleware:
    """Turns a DomainError escaping a view into its page (or problem, under /api/)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError):
            return domain_error_response(request, exception)
        return None


View = Callable[..., HttpResponse]


def refusal_renders(render_refusal: Callable[..., HttpResponse]) -> Callable[[View], View]:
    """A DomainError raised by the view is answered by `render_refusal(request, error, **view_kwargs)`
    (e.g. the workspace with the reason at the top and the error's status)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except DomainError as error:
                return render_refusal(request, error, **kwargs)

        return wrapper

    return decorate


def refusal_redirects(to: Callable[..., str]) -> Callable[[View], View]:
    """A refused POST goes back to `to(request, **view_kwargs)` with the reason as an error message (PRG)."""

    def back(request: HttpRequest, error: DomainError, **kwargs: Any) -> HttpResponse:
        messages.error(request, error.message)
        return HttpResponseRedirect(to(request, **kwargs))

    return refusal_renders(back)
