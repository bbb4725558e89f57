from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.decorators import method_decorator

from .roles import ROLE_DESCRIPTIONS, Role, roles_of


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def whoami(request):
    held = roles_of(request.user)
    return render(
        request,
        "accounts/whoami.html",
        {
            "roles": [(role, ROLE_DESCRIPTIONS[Role(role)]) for role in held],
        },
    )
