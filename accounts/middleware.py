"""Sign-in enforcement: every page needs a user, idle sessions end."""

import time

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.shortcuts import redirect
from rest_framework.views import APIView

IDLE_SESSION_ENDED = "You were signed out after a period of inactivity. Please sign in again."


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, leaving API views to DRF.

    DRF authenticates tokens inside the view, after middleware runs, so the API answers anonymous
    callers itself with 401 instead of a redirect to the login page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if view_class is not None and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SessionIdleTimeoutMiddleware:
    """End a browser session that has been idle longer than SESSION_IDLE_TIMEOUT seconds.

    The activity stamp is written at most once per SESSION_ACTIVITY_RESOLUTION seconds: a stamp
    on every page would make every page view a database write (on SQLite, one writer at a time).
    A session therefore ends between IDLE_TIMEOUT and IDLE_TIMEOUT + RESOLUTION after its last use.
    """

    session_key = "last_activity"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = time.time()
            last = request.session.get(self.session_key)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                auth.logout(request)
                messages.info(request, IDLE_SESSION_ENDED)
                return redirect(settings.LOGIN_URL)
            if last is None or now - last >= settings.SESSION_ACTIVITY_RESOLUTION:
                request.session[self.session_key] = now
        return self.get_response(request)
