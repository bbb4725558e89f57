import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
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


# The session remembers which token to show once (by its creation time, never its key).
TOKEN_TO_SHOW = "api_token_to_show"


@never_cache
def whoami(request):
    """Who you are, your roles and your API token; a token just made is shown on the first visit
    after the post that made it, and not again (a reload shows only that you have one)."""
    token = api_token_of(request.user)
    to_show = request.session.pop(TOKEN_TO_SHOW, None)
    new_token_key = token.key if token and to_show == token.created.isoformat() else None
    held = roles_of(request.user)
    return render(
        request,
        "accounts/whoami.html",
        {
            "roles": [(role, ROLE_DESCRIPTIONS[Role(role)]) for role in held],
            "api_token": token,
            "new_token_key": new_token_key,
        },
    )


@never_cache
@require_POST
def api_token(request):
    """Create or rotate the user's API token, then show it once on the who-am-I page.

    Post/redirect/get, so a reload of the page showing the key does not rotate it again. The
    session holds which token to show, not its key: the key stays in the token table only.
    """
    token = api_token_rotate(user=request.user)
    security_log.info("api token rotated: user=%s", request.user.username)
    request.session[TOKEN_TO_SHOW] = token.created.isoformat()
    return redirect(reverse("accounts:whoami") + "#api-token")
