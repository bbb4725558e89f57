import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .roles import ROLE_DESCRIPTIONS, Role, roles_of
from .selectors import api_token_of
from .services import api_token_rotate

security_log = logging.getLogger("picture_desk.security")


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def whoami(request):
    return _whoami_page(request)


def _whoami_page(request, *, new_token_key: str | None = None):
    held = roles_of(request.user)
    return render(
        request,
        "accounts/whoami.html",
        {
            "roles": [(role, ROLE_DESCRIPTIONS[Role(role)]) for role in held],
            "api_token": api_token_of(request.user),
            "new_token_key": new_token_key,
        },
    )


@never_cache
@require_POST
def api_token(request):
    """Create or rotate the user's API token and show the key on this response only.

    The key is rendered, not redirected through the session, so it is never stored anywhere but
    the token table.
    """
    token = api_token_rotate(user=request.user)
    security_log.info("api token rotated: user=%s", request.user.username)
    return _whoami_page(request, new_token_key=token.key)
