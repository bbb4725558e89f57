"""`POST /oauth2/token`: the client-credentials, password and refresh-token grants, form-encoded.

A mixin of GettySandbox (app.py), which supplies the accounts, the token store and the key's limits.
"""

import base64
import hmac

from sandboxes.server import Request, Response

from .responses import oauth_error


class OAuthRoutes:
    def token_endpoint(self, request: Request) -> Response:
        if "application/x-www-form-urlencoded" not in request.header("content-type").lower():
            return oauth_error(
                "invalid_request", "The request body must be application/x-www-form-urlencoded."
            )
        try:
            form = request.form()
        except ValueError:
            return oauth_error("invalid_request", "The form body is not valid UTF-8.")
        client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        basic = request.header("authorization")
        if basic.lower().startswith("basic "):
            try:
                client_id, _, client_secret = base64.b64decode(basic[6:]).decode().partition(":")
            except ValueError:
                return oauth_error("invalid_client", "Malformed Basic authorization.")
        account = self.accounts.get(client_id)
        if account is not None:
            refused = self._limited(account)  # token calls count against the key's limits
            if refused is not None:
                return refused
        grant = form.get("grant_type", "")
        if grant not in ("client_credentials", "password", "refresh_token"):
            return oauth_error("unsupported_grant_type", f"Grant type '{grant}' is not supported.")
        if account is None or not hmac.compare_digest(client_secret, account.api_secret):
            return oauth_error(
                "invalid_client", "Client authentication failed: unknown client_id or wrong secret."
            )
        body: dict = {"token_type": "Bearer"}
        if grant == "client_credentials":
            token = self.tokens.issue(account.api_key, None, self.token_lifetime)
            body["expires_in"] = self.token_lifetime
        elif grant == "password":
            if form.get("username") != account.username or form.get("password") != account.password:
                # RFC 6749 §5.2 (Getty does not publish its error for this case).
                return oauth_error("invalid_grant", "The user name or password is incorrect.")
            token = self.tokens.issue(account.api_key, account.username, self.token_lifetime)
            body["refresh_token"] = self.tokens.issue_refresh(account.api_key, account.username).value
            body["expires_in"] = str(
                self.token_lifetime
            )  # Getty sends a string here: clients must parse both
        else:
            refresh = self.tokens.valid_refresh(form.get("refresh_token", ""))
            if refresh is None or refresh.api_key != account.api_key:
                return oauth_error("invalid_grant", "The refresh token is invalid or has expired.")
            token = self.tokens.issue(account.api_key, refresh.username, self.token_lifetime)
            body["refresh_token"] = refresh.value
            body["expires_in"] = self.token_lifetime
        body["access_token"] = token.value
        return Response.json(body, headers={"Cache-Control": "no-store"})
